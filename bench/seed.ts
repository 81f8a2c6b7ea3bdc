// npm run bench:seed -- --reviews N [--database-url URL] [--domain D] [--seed S]
// Fills a shop (created when missing) with N generated reviews over 1,000 products, using the
// server's configuration (DATABASE_URL / DATA_DIR / PLAUDIT_SECRET_KEY) unless --database-url is given.
// Prints one JSON object; the private token is included only when this run created the shop.
import { parseArgs } from 'node:util';
import { loadConfig, withSecretKey } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { seedShop } from './seed-shop.ts';

const { values } = parseArgs({
  options: {
    reviews: { type: 'string' },
    'database-url': { type: 'string' },
    domain: { type: 'string', default: 'bench.myshopify.com' },
    seed: { type: 'string', default: '42' },
  },
});
const reviews = Number(values.reviews);
if (!Number.isSafeInteger(reviews) || reviews < 0) {
  process.stderr.write('usage: npm run bench:seed -- --reviews N [--database-url URL] [--domain D] [--seed S]\n');
  process.exit(2);
}

const env = { ...process.env, ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}) };
const config = withSecretKey(loadConfig(env));
const database = openDatabase(config);
try {
  await migrateToLatest(database.db);
  const started = performance.now();
  let reported = 0;
  const result = await seedShop(
    database,
    { clock: systemClock, secrets: new SecretBox(config.secretKey) },
    {
      reviews,
      domain: values.domain!,
      seed: Number(values.seed),
      onProgress: (inserted) => {
        if (inserted - reported >= 100_000 || inserted === reviews) {
          reported = inserted;
          process.stderr.write(`  ${inserted.toLocaleString('en')} reviews, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        }
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      shop_id: String(result.shopId),
      domain: values.domain,
      ...(result.credentials ? { public_token: result.credentials.public_token, private_token: result.credentials.private_token } : {}),
      reviews_inserted: result.inserted,
      published: result.published,
      seconds: Number(seconds.toFixed(1)),
      reviews_per_second: Math.round(result.inserted / seconds),
    }) + '\n',
  );
} finally {
  await database.close();
}
