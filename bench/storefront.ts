// Storefront read endpoints vs a bare Fastify baseline serving the same bytes, measured in the same run.
// Run by hand: npm run bench:storefront  (BENCH_SECONDS=5 BENCH_CONNECTIONS=10). Traffic goes to 127.0.0.1 only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/services.ts';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createReview } from '../src/reviews/reviews.service.ts';
import { DEMO_SHOP, seedDemo } from '../src/storefront/demo.ts';
import { findShopBy } from '../src/storefront/storefront.queries.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function plauditServer(cacheSeconds: string) {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir, PLAUDIT_SECRET_KEY: 'bench-secret-key-0123456789abcdef0123', STOREFRONT_CACHE_SECONDS: cacheSeconds });
  const database = openDatabase(config);
  await migrateToLatest(database.db);
  const app = await buildApp(createServices(config, database));
  await seedDemo(app, 'http://127.0.0.1');
  const shop = (await findShopBy(app.db, 'domain', DEMO_SHOP))!;
  // A product with a realistic number of reviews.
  for (let i = 0; i < 300; i++) {
    await createReview(app, shop.id, { product_id: '8001', rating: ((i % 5) + 1) as 1, author: `Shopper ${i}`, title: `Review ${i}`, content: 'Lovely fabric and a good fit. '.repeat(3) });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function bareFastify(body: string) {
  const app = Fastify({ logger: false });
  app.get('/', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => app.close() };
}

const run = async (url: string) => {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: Math.round(result.requests.average), p99: result.latency.p99 };
};

const paths = {
  'get_product_reviews (product, page 1)': `/api/v1/reviews/get_product_reviews?shop=${DEMO_SHOP}&product_id=8001&limit=10`,
  'get_products_rating (4 handles)': `/api/v1/reviews/get_products_rating?shop=${DEMO_SHOP}&product_handle=linen-shirt,stoneware-mug,wool-beanie,canvas-tote`,
};

for (const cache of ['5', '0']) {
  const plaudit = await plauditServer(cache);
  for (const [name, path] of Object.entries(paths)) {
    const body = await (await fetch(plaudit.base + path)).text();
    const bare = await bareFastify(body);
    const baseline = await run(bare.url);
    const measured = await run(plaudit.base + path);
    await bare.close();
    const ratio = Math.round((measured.rps / baseline.rps) * 100);
    console.log(
      `${name}, read cache ${cache === '0' ? 'off' : `${cache}s`}: ${measured.rps} req/s (p99 ${measured.p99} ms) vs bare Fastify ${baseline.rps} req/s (p99 ${baseline.p99} ms) = ${ratio}% of baseline, ${body.length} byte body`,
    );
  }
  await plaudit.close();
}
