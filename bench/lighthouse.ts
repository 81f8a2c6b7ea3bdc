// Lighthouse (mobile, simulated throttling) over the demo product page (server-rendered and
// script-only embed) and the hosted pages, with Debian's Chromium. Prints the four category
// scores per page. Run by hand: npm run bench:lighthouse. Traffic goes to 127.0.0.1 only.
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/services.ts';
import { loadConfig, withSecretKey } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { demoAssetRoutes, demoPageRoutes, seedDemo } from '../src/storefront/demo.ts';
import { buildWidgetAsset } from '../packages/widget/build.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'plaudit-lighthouse-'));
const config = withSecretKey(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }));
await buildWidgetAsset();
const database = openDatabase(config);
await migrateToLatest(database.db);
const app = await buildApp(createServices(config, database));
await app.register(demoAssetRoutes);
await app.register(demoPageRoutes);
const { shopDomain, productHandle } = await seedDemo(app);
await app.listen({ port, host: '127.0.0.1' });

const base = `${config.publicUrl}/s/${shopDomain}`;
const pages: Array<[string, string]> = [
  ['demo product page, server-rendered widgets', `${base}/demo/${productHandle}`],
  ['demo product page, script-only embed', `${base}/demo/${productHandle}?embed=script`],
  ['all-reviews page', `${base}/reviews`],
  ['write-a-review page', `${base}/products/${productHandle}/review`],
  ['thank-you page', `${base}/thanks?status=published`],
];

const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'] });
const rows: string[] = [];
const failures: string[] = [];
try {
  for (const [name, url] of pages) {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
    const { categories, audits, runtimeError } = result.lhr;
    // A page Lighthouse could not audit (timeout, no paint) scores null: say why instead of printing zeros silently.
    if (runtimeError) failures.push(`${name}: Lighthouse could not audit the page: ${runtimeError.code} ${runtimeError.message}`);
    const scores = CATEGORIES.map((c) => Math.round((categories[c]?.score ?? 0) * 100));
    rows.push(`| ${name} | ${scores.join(' | ')} |`);
    // The audits that cost points (weighted, below 1), so a lower score says why.
    for (const c of CATEGORIES.slice(1)) {
      for (const ref of categories[c]?.auditRefs ?? []) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) failures.push(`${name}: ${c}: ${ref.id} (${audit.title})`);
      }
    }
  }
} finally {
  await chrome.kill();
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`| page | performance | accessibility | best practices | SEO |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}`);
if (failures.length) console.log(`\nFailing audits:\n${failures.join('\n')}`);
