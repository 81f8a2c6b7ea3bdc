import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildConsole, CONSOLE_DIST } from '../build.ts';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** What the first visit to sign-in and the inbox downloads: the entry, those two pages, and what they import statically. */
const FIRST_ROUTES = ['src/pages/sign-in/SignInPage.tsx', 'src/pages/inbox/InboxPage.tsx'];
const BUDGET_BYTES = 250 * 1024;

test('the sign-in + inbox route loads at most 250 KB of compressed JavaScript; other pages are separate chunks', async () => {
  await buildConsole();
  const manifest = JSON.parse(readFileSync(join(CONSOLE_DIST, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
  assert.ok(entry, 'the manifest names the entry');
  const loaded = new Set<string>();
  const visit = (key: string) => {
    if (loaded.has(key)) return;
    loaded.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const key of [entry, ...FIRST_ROUTES]) {
    assert.ok(manifest[key], `${key} is a chunk of its own`);
    visit(key);
  }
  const files = [...loaded].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
  const size = (file: string, suffix: string) => statSync(join(CONSOLE_DIST, `${file}${suffix}`)).size;
  const brotli = files.reduce((sum, file) => sum + size(file, '.br'), 0);
  const gzip = files.reduce((sum, file) => sum + size(file, '.gz'), 0);
  console.log(`sign-in + inbox: ${files.length} files, ${(brotli / 1024).toFixed(1)} KB brotli, ${(gzip / 1024).toFixed(1)} KB gzip`);
  assert.ok(gzip <= BUDGET_BYTES, `gzip ${gzip} bytes is over the ${BUDGET_BYTES} budget`);
  assert.ok(brotli <= gzip);

  // The other pages (the dashboard's charts above all) wait until they are opened.
  const lazyPages = Object.keys(manifest).filter((key) => key.startsWith('src/pages/') && key.endsWith('Page.tsx') && !FIRST_ROUTES.includes(key));
  assert.ok(lazyPages.length >= 9, `pages found: ${lazyPages.join(', ')}`);
  for (const page of lazyPages) assert.ok(!loaded.has(page), `${page} is not part of the first load`);
  assert.ok(!files.some((file) => /recharts|charts/i.test(file)), 'charts are not part of the first load');
});

test('index.html has no inline script (the CSP allows script files from the server only)', async () => {
  await buildConsole();
  const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attributes, body] of scripts) {
    assert.match(attributes!, /src="\/admin\/assets\/[\w.-]+\.js"/);
    assert.equal(body!.trim(), '');
  }
  assert.doesNotMatch(html, /\son\w+=/i, 'no inline event handlers');
});
