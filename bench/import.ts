// npm run bench:import -- [--rows N] [--photo-rows M] [--database-url postgres://…]
// 1. Generates N Judge.me-format rows (no media; 1,000 products, some store reviews) into a
//    temporary CSV and imports them into a fresh database (SQLite unless --database-url names a
//    PostgreSQL server, where a database is created and dropped): time, rows/s, peak RSS, and
//    whether the rating summaries equal a recount.
// 2. Imports M rows with two photos each from a media server on 127.0.0.1 and lets the download
//    task fetch, clean and store all of them: time.
// Targets (issue 15): 1,000,000 rows in < 3 min on SQLite with peak RSS < 300 MB.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase, type DbHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { discardEvents } from '../src/events/events.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { createMediaStorage } from '../src/media/media.storage.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { csvLine } from '../src/switching/switching.csv.ts';
import { JUDGEME_HEADER } from '../src/switching/switching.export.ts';
import { mediaImportTask } from '../src/switching/switching.media.ts';
import { importReviews } from '../src/switching/switching.service.ts';
import { fileSource } from '../src/switching/switching.sources.ts';
import { recount, summaries } from '../src/switching/switching.testkit.ts';
import { BENCH_SECRET_KEY, adminQuery } from './bench-databases.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, 'photo-rows': { type: 'string', default: '1000' }, 'database-url': { type: 'string' } },
});
const rows = Number(values.rows);
const photoRows = Number(values['photo-rows']);
const log = (line: string) => process.stdout.write(`${line}\n`);
const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-import-'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);

/** Judge.me's import header plus the metaobject_handle column of its exports (the importer's source id). */
const HEADER = [...JUDGEME_HEADER, 'metaobject_handle'];

async function writeCsv(path: string, count: number, photos: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  out.write(csvLine(HEADER));
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < count; i++) {
    const product = i % 10 === 9 ? null : i % 1000;
    const line = csvLine([
      `Review ${i}`,
      `Generated review number ${i}, with a comma and "quotes".`,
      ((i * 7) % 5) + 1,
      new Date(start + i * 60_000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
      'web',
      i % 13 === 0 ? 'spam' : 'ok',
      `Buyer ${i % 5000}`,
      `buyer${i % 5000}@example.com`,
      product === null ? '' : String(9_000_000_000_000 + product),
      product === null ? '' : `product-${product}`,
      i % 4 === 0 ? 'Thanks!' : '',
      '',
      photos(i),
      '',
      'US',
      `bench-${i}`,
    ]);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function freshDatabase(name: string): Promise<{ database: DbHandle; drop: () => Promise<void>; config: ReturnType<typeof loadConfig> }> {
  const pgUrl = values['database-url'];
  if (pgUrl) {
    const db = `plaudit_bench_import_${name}_${process.pid}`;
    await adminQuery(pgUrl, `create database ${db}`);
    const url = new URL(pgUrl);
    url.pathname = `/${db}`;
    const config = loadConfig({ DATABASE_URL: url.toString(), PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY, LOG_LEVEL: 'silent', DATA_DIR: join(dir, name) });
    const database = openDatabase(config);
    return {
      database,
      config,
      drop: async () => {
        await database.close();
        await adminQuery(pgUrl, `drop database if exists ${db} with (force)`);
      },
    };
  }
  const config = loadConfig({ DATA_DIR: join(dir, name), PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY, LOG_LEVEL: 'silent' });
  const database = openDatabase(config);
  return { database, config, drop: () => database.close() };
}

async function importFile(database: DbHandle, path: string, mediaBaseUrl?: string) {
  await migrateToLatest(database.db);
  const shop = await createShop({ db: database.db, clock: systemClock, secrets: new SecretBox(BENCH_SECRET_KEY) }, { domain: 'bench.myshopify.com' });
  const shopId = Number(shop.shop_id);
  const started = performance.now();
  const report = await importReviews({ db: database.db, clock: systemClock, events: discardEvents, ...(mediaBaseUrl ? { mediaBaseUrl } : {}) }, shopId, await fileSource(path, 'auto', Date.now));
  return { shopId, report, seconds: (performance.now() - started) / 1000 };
}

try {
  // Part 1: rows without media.
  const csv = join(dir, 'judgeme.csv');
  await writeCsv(csv, rows, () => '');
  const one = await freshDatabase('rows');
  try {
    peakRss = process.memoryUsage.rss();
    const { shopId, report, seconds } = await importFile(one.database, csv);
    // The recount below is the benchmark's own check, not the import: it is left out of the peak.
    const importPeakRss = peakRss;
    const exact = isDeepStrictEqual(await summaries(one.database.db, shopId), await recount(one.database.db, shopId));
    log(
      `${one.database.dialect}: imported ${report.created.toLocaleString('en')} of ${rows.toLocaleString('en')} Judge.me rows in ${seconds.toFixed(1)} s ` +
        `(${Math.round(rows / seconds).toLocaleString('en')} rows/s), peak RSS ${Math.round(importPeakRss / 1048576)} MB, ratings ${exact ? 'exact' : 'NOT EXACT'}`,
    );
    if (!exact || report.created !== rows) process.exitCode = 1;
  } finally {
    await one.drop();
  }

  // Part 2: rows with two photos each, downloaded from a local media server.
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .jpeg()
    .toBuffer();
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const photosCsv = join(dir, 'photos.csv');
  await writeCsv(photosCsv, photoRows, (i) => `${base}/p/${i}-a.jpg,${base}/p/${i}-b.jpg`);
  const two = await freshDatabase('photos');
  try {
    const started = performance.now();
    const { report } = await importFile(two.database, photosCsv, two.config.media.publicUrl);
    const task = mediaImportTask({
      db: two.database.db,
      clock: systemClock,
      storage: createMediaStorage(two.config),
      media: two.config.media,
      allowPrivate: false,
      allowAddresses: ['127.0.0.1'],
      concurrency: 8,
    });
    let downloaded = 0;
    for (let n = await task.runDue(Date.now()); n > 0; n = await task.runDue(Date.now())) downloaded += n;
    const seconds = (performance.now() - started) / 1000;
    log(`${two.database.dialect}: imported ${report.created} rows and downloaded ${downloaded} photos (${report.mediaReviews} reviews with media) in ${seconds.toFixed(1)} s`);
  } finally {
    server.close();
    await two.drop();
  }
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
