import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { SecretBox } from '../lib/crypto.ts';
import { runCommand } from '../cli/testkit.ts';
import { upsertProduct } from '../products/products.service.ts';
import { createShop } from '../shops/shops.service.ts';
import { switchingCommands } from './switching.cli.ts';
import { fixture, importJson, recount, summaries } from './switching.testkit.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-export-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const exportTo = (env: TestApp, domain: string, file: string, format = 'plaudit') => runCommand(env, switchingCommands, ['reviews', 'export', '--domain', domain, '--format', format, '--out', file]);

/** A shop with reviews of every kind: API-created (media, reply, flags, store review, hidden) and imported. */
async function seedShopA(env: TestApp) {
  await upsertProduct({ db: env.database.db, clock: env.clock }, env.shopA.shopId, {
    product_id: '555',
    handle: 'teapot',
    title: 'Teapot',
    url: 'https://shop.example.com/products/teapot',
    image: 'https://cdn.example.com/teapot.jpg',
  });
  const created = await env.shopA.client.createReview({
    product_id: '555',
    rating: 4,
    author: 'Ann',
    author_email: 'ann@example.com',
    author_country: 'US',
    title: '=SUM(A1)',
    content: 'Pours "well",\nno drips',
    commented_at: '2026-05-01 10:00:00',
    item_type: 'Blue',
    tag: 'gift',
    is_verified: 1,
    is_featured: 1,
    is_top: 1,
    order_id: '1001',
    media: [
      { url: 'https://cdn.example.com/p1.jpg', thumbnail_url: 'https://cdn.example.com/p1-t.jpg' },
      { url: 'https://cdn.example.com/v.mp4', type: 2 },
    ],
    reply: { content: 'Thank you', reply_at: '2026-05-02 09:00:00' },
  });
  assert.equal(created.code, 0);
  env.clock.advance(1000);
  await env.shopA.client.createReview({ rating: 5, author: 'Store fan', content: 'Fast shipping', commented_at: '2026-05-03 10:00:00', is_published: 0 });
  await env.shopA.client.createReview({ product_id: '777', rating: 2, author: 'Bo', commented_at: '2026-05-04 10:00:00', source: 'Email request' });
  await importJson(env, [fixture('judgeme.csv')]);
}

const withoutId = (line: string) => {
  const value = JSON.parse(line) as Record<string, unknown>;
  delete value.id;
  return value;
};

test('plaudit export → import into a new shop → export gives the same file apart from ids; ratings exact; re-import adds nothing', async (t) => {
  const env = await buildTestApp(t);
  const dir = tempDir(t);
  await seedShopA(env);
  const first = join(dir, 'first.jsonl');
  assert.equal(await exportTo(env, 'shop-a.myshopify.com', first), `exported: 7 reviews to ${first}\n`);
  const lines = readFileSync(first, 'utf8').trimEnd().split('\n');
  assert.deepEqual(JSON.parse(lines[0]!), { format: 'plaudit-reviews', version: 1 });
  const teapot = JSON.parse(lines[1]!) as Record<string, unknown>;
  assert.equal(teapot.product_title, 'Teapot');
  assert.equal(teapot.product_url, 'https://shop.example.com/products/teapot');
  assert.match(String(teapot.source_key), /^plaudit:shop-a\.myshopify\.com:\d+$/);
  assert.equal(JSON.parse(lines[4]!).source_key, 'judgeme:jm-1');

  env.clock.advance(60_000);
  const report = await importJson(env, [first], 'shop-b.myshopify.com');
  assert.equal(report.format, 'plaudit');
  assert.equal(report.created, 7);
  assert.equal(report.rejectedCount, 0);
  const second = join(dir, 'second.jsonl');
  await exportTo(env, 'shop-b.myshopify.com', second);
  const secondLines = readFileSync(second, 'utf8').trimEnd().split('\n');
  assert.equal(secondLines[0], lines[0]);
  assert.deepEqual(secondLines.slice(1).map(withoutId), lines.slice(1).map(withoutId));
  assert.deepEqual(await summaries(env.database.db, env.shopB.shopId), await recount(env.database.db, env.shopB.shopId));
  const ratingA = await env.shopA.client.getRating({ is_all_rating: 1 });
  const ratingB = await env.shopB.client.getRating({ is_all_rating: 1 });
  assert.deepEqual(ratingB.data, ratingA.data);

  const again = await importJson(env, [first], 'shop-b.myshopify.com');
  assert.equal(again.created, 0);
  assert.equal(again.skippedCount, 7);
});

test('judgeme export has the Judge.me import header and imports back; csv export is flat and spreadsheet-safe', async (t) => {
  const env = await buildTestApp(t);
  const dir = tempDir(t);
  await seedShopA(env);
  const judgeme = join(dir, 'judgeme.csv');
  await exportTo(env, 'shop-a.myshopify.com', judgeme, 'judgeme');
  const text = readFileSync(judgeme, 'utf8');
  assert.equal(text.split('\n')[0], 'title,body,rating,review_date,source,curated,reviewer_name,reviewer_email,product_id,product_handle,reply,reply_date,picture_urls,ip_address,location');
  assert.match(
    text,
    /\n=SUM\(A1\),"Pours ""well"",\nno drips",4,2026-05-01 10:00:00 UTC,Shop,ok,Ann,ann@example\.com,555,teapot,Thank you,2026-05-02 09:00:00,https:\/\/cdn\.example\.com\/p1\.jpg,,US\n/,
  );
  const deps = { db: env.database.db, clock: env.clock, secrets: new SecretBox(env.config.secretKey) };
  await createShop(deps, { domain: 'shop-c.myshopify.com' });
  const back = await importJson(env, [judgeme], 'shop-c.myshopify.com');
  assert.equal(back.format, 'judgeme');
  assert.equal(back.created, 7);
  assert.equal(back.rejectedCount, 0);

  const csv = join(dir, 'flat.csv');
  await exportTo(env, 'shop-a.myshopify.com', csv, 'csv');
  const flat = readFileSync(csv, 'utf8');
  assert.match(flat, /^id,product_id,product_handle,product_title,rating,title,content,author,/);
  assert.match(flat, /,555,teapot,Teapot,4,'=SUM\(A1\),"Pours ""well"",\nno drips",Ann,/);
  assert.match(flat, /https:\/\/cdn\.example\.com\/p1\.jpg https:\/\/cdn\.example\.com\/v\.mp4/);

  await assert.rejects(runCommand(env, switchingCommands, ['reviews', 'export', '--domain', 'shop-a.myshopify.com', '--format', 'xml']), /--format must be one of plaudit, judgeme, csv/);
  // Without --out the export goes to standard output.
  const stdout = await runCommand(env, switchingCommands, ['reviews', 'export', '--domain', 'shop-b.myshopify.com']);
  assert.equal(stdout, '{"format":"plaudit-reviews","version":1}\n');
});
