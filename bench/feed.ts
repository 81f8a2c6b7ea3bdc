// Google Product Ratings feed: streams a shop's whole feed from a real server process and reports
// the time, the bytes and the server's peak RSS. Run by hand:
//   node --import tsx bench/feed.ts --reviews 1000000 [--postgres postgres://…] [--max-file-bytes N]
// Targets (issue 16): 1,000,000 reviews in < 60 s on SQLite with the server's RSS < 200 MB.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { findShopByDomain } from '../src/shops/shops.queries.ts';
import { feedCoverage } from '../src/feeds/coverage.service.ts';
import { feedUrls } from '../src/feeds/feed.service.ts';
import { BENCH_DOMAIN, BENCH_SECRET_KEY, seededDatabase } from './bench-databases.ts';
import { builtServerArguments, freePort, REPO_ROOT } from './processes.ts';

const { values } = parseArgs({
  options: { reviews: { type: 'string', default: '1000000' }, postgres: { type: 'string' }, 'max-file-bytes': { type: 'string' } },
});
const reviews = Number(values.reviews);
const log = (line: string) => process.stdout.write(`${line}\n`);

const bench = await seededDatabase(values.postgres, reviews, log);
try {
  const config = loadConfig({ DATABASE_URL: bench.url, PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY, LOG_LEVEL: 'silent' });
  const database = openDatabase(config);
  const shop = (await findShopByDomain(database.db, BENCH_DOMAIN))!;
  const { url } = await feedUrls({ db: database.db, clock: systemClock, secrets: new SecretBox(BENCH_SECRET_KEY), publicUrl: '' }, shop.id);
  const expected = (await feedCoverage(database.db, shop.id)).reviews_in_feed;
  await database.close();

  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: bench.url,
    PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY,
    LOG_LEVEL: 'silent',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(values['max-file-bytes'] ? { FEED_MAX_FILE_BYTES: values['max-file-bytes'] } : {}),
  };
  // The server as `npm start` runs it (built to dist/ first).
  const server = spawn(process.execPath, builtServerArguments(), { cwd: REPO_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (i > 300) throw new Error('server not ready in 30 s');
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rssBefore = memoryOf(server.pid!).rss;
    const started = performance.now();
    const files = await feedFiles(base + url);
    let bytes = 0;
    let count = 0;
    for (const file of files) {
      const streamed = await streamFile(file);
      bytes += streamed.bytes;
      count += streamed.reviews;
    }
    const seconds = (performance.now() - started) / 1000;
    const memory = memoryOf(server.pid!);
    log(`database: ${values.postgres ? 'PostgreSQL' : 'SQLite'}; reviews in the feed: ${count.toLocaleString('en')} (expected ${expected.toLocaleString('en')})`);
    log(`feed: ${files.length} file(s), ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(count / seconds).toLocaleString('en')} reviews/s)`);
    log(`server RSS: ${mb(rssBefore)} MB before, ${mb(memory.rss)} MB after, peak ${mb(memory.peak)} MB`);
    if (count !== expected) throw new Error('the feed does not hold every review it should');
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
} finally {
  await bench.drop();
}

/** The feed's file URLs: the feed itself, or the numbered files its index lists. */
async function feedFiles(feedUrl: string): Promise<string[]> {
  const response = await fetch(feedUrl, { redirect: 'manual' });
  if (response.status === 200) {
    await response.body?.cancel();
    return [feedUrl];
  }
  if (response.status !== 302) throw new Error(`feed answered ${response.status}`);
  const index = await (await fetch(new URL(response.headers.get('location')!, feedUrl))).text();
  return [...index.matchAll(/<url>([^<]+)<\/url>/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

/** Reads a file as a crawler would, keeping only counts. */
async function streamFile(url: string): Promise<{ bytes: number; reviews: number }> {
  const response = await fetch(url);
  if (response.status !== 200 || !response.body) throw new Error(`${url} answered ${response.status}`);
  const decoder = new TextDecoder();
  let bytes = 0;
  let reviews = 0;
  let tail = '';
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    const text = tail + decoder.decode(chunk, { stream: true });
    // The 8-character tail cannot hold a whole '</review>', so a tag split across chunks is counted once.
    reviews += text.split('</review>').length - 1;
    tail = text.slice(-8);
  }
  return { bytes, reviews };
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function mb(value: number): string {
  return (value / 1e6).toFixed(0);
}
