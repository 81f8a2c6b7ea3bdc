// npm run demo: starts Plaudit on a fresh SQLite database with a seeded demo shop and prints the
// URL of a demo product page that shows every widget type. PORT picks the port (default: a free one).
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/services.ts';
import { loadConfig, withSecretKey } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { demoAssetRoutes, demoPageRoutes, seedDemo } from '../src/storefront/demo.ts';
import { buildWidgetAsset } from '../packages/widget/build.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
const host = process.env.HOST ?? '127.0.0.1';
const config = withSecretKey(
  loadConfig({
    LOG_LEVEL: 'warn',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'plaudit-demo-')),
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://${host}:${port}`,
  }),
);
await buildWidgetAsset();
const database = openDatabase(config);
await migrateToLatest(database.db);
const app = await buildApp(createServices(config, database));
await app.register(demoAssetRoutes);
await app.register(demoPageRoutes);
const { shopDomain, productHandle } = await seedDemo(app);
await app.listen({ port, host });
const base = config.publicUrl;
console.log(`Plaudit demo is running.
  Demo product page (server-rendered widgets): ${base}/s/${shopDomain}/demo/${productHandle}
  Same page, script-only embed:                ${base}/s/${shopDomain}/demo/${productHandle}?embed=script
  All-reviews page:                            ${base}/s/${shopDomain}/reviews
  Write-a-review page:                         ${base}/s/${shopDomain}/products/${productHandle}/review
Press Ctrl+C to stop.`);
const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
