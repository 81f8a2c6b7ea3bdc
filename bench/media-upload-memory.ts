// Peak memory of the server while a 100 MB video is uploaded to its one-time URL.
// Run by hand: node --import tsx bench/media-upload-memory.ts [megabytes]
// The server runs exactly as `npm start` runs it (package.json's start script: the built
// dist/main.js, built first) in a child process on 127.0.0.1; its RSS is read from /proc. The
// baseline is the same server's RSS just before the upload, in the same run. Stops by itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { PlauditClient } from '../src/client/index.ts';
import { freePort, mp4Bytes } from '../test/media-fixtures.ts';
import { builtServerArguments } from './processes.ts';

const megabytes = Number(process.argv[2] ?? 100);
const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-bench-media-'));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, LOG_LEVEL: 'warn', PLAUDIT_SECRET_KEY: 'bench-secret-key-0123456789abcdef-0123456789' };

const config = loadConfig(env);
const database = openDatabase(config);
await migrateToLatest(database.db);
const shop = await createShop({ db: database.db, clock: systemClock, secrets: new SecretBox(config.secretKey) }, { domain: 'bench.myshopify.com' });
await database.close();

const server = spawn(process.execPath, builtServerArguments(), { env: { ...process.env, ...env }, stdio: 'inherit' });
const memory = (field: 'VmRSS' | 'VmHWM') => {
  const line = readFileSync(`/proc/${server.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(field))!;
  return Number(line.split(/\s+/)[1]) / 1024;
};
try {
  for (let i = 0; ; i++) {
    if (i > 100) throw new Error('server did not start');
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const client = new PlauditClient({ baseUrl, publicToken: shop.public_token, privateToken: shop.private_token });
  const { data } = await client.call<{ upload_url: string; video_url: string }>('GET', 'get_video_upload_url');
  const baseline = memory('VmRSS');

  const total = megabytes * 1024 * 1024;
  const chunk = mp4Bytes(256 * 1024);
  let sent = 0;
  let peakSampled = baseline;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memory('VmRSS'))), 20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(new Uint8Array(chunk));
      sent += chunk.length;
    },
  });
  const started = performance.now();
  const res = await fetch(data.upload_url, { method: 'PUT', body, duplex: 'half' } as RequestInit);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const answer = await res.text();
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${answer}`);
  const head = await fetch(data.video_url, { method: 'HEAD' });
  console.log(`uploaded ${megabytes} MB in ${seconds.toFixed(2)} s (${(megabytes / seconds).toFixed(0)} MB/s); served size ${head.headers.get('content-length')}`);
  console.log(`server RSS before upload (baseline): ${baseline.toFixed(1)} MB`);
  console.log(`server RSS peak during upload:       ${Math.max(peakSampled, 0).toFixed(1)} MB sampled, ${memory('VmHWM').toFixed(1)} MB high-water mark`);
  console.log(`growth over baseline:                ${(peakSampled - baseline).toFixed(1)} MB`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
