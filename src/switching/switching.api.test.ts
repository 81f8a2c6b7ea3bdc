import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import type { Review } from '../reviews/reviews.schemas.ts';
import { switchingCommands } from './switching.cli.ts';
import { importJson, recount, summaries } from './switching.testkit.ts';

/** A second Plaudit server on a real socket, its clock on real time (signed requests carry real timestamps). */
async function sourceServer(t: Parameters<typeof buildTestApp>[0]): Promise<{ env: TestApp; url: string }> {
  const env = await buildTestApp(t);
  env.clock.set(Date.now());
  await env.app.listen({ host: '127.0.0.1', port: 0 });
  return { env, url: `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}` };
}

const comparable = (r: Review) => {
  const { id: _id, created_at: _c, updated_at: _u, ...rest } = r;
  return rest;
};

async function allReviews(env: TestApp, shop: 'shopA' | 'shopB') {
  const list: Review[] = [];
  for (let page = 1; ; page++) {
    const response = await env[shop].client.getReviews({ page, page_size: 100, sort_by: 'created-ascending' });
    list.push(...response.data.list);
    if (response.data.list.length < 100) return list;
  }
}

test('import --from-api pages through a second Plaudit server (signed requests, real socket): reviews, replies, media, flags; idempotent', async (t) => {
  const source = await sourceServer(t);
  const client = source.env.shopA.client;
  const first = await client.createReview({
    product_id: '4242',
    rating: 5,
    author: 'Ann',
    title: 'Lovely',
    content: 'Really',
    commented_at: '2026-01-01 10:00:00',
    is_verified: 1,
    is_featured: 1,
    media: [{ url: 'https://cdn.example.com/a.jpg' }],
    reply: { content: 'Thanks!', reply_at: '2026-01-02 10:00:00' },
    source: 'Email request',
  });
  assert.equal(first.code, 0);
  await client.createReview({ rating: 2, author: 'Hidden', content: 'Store review', commented_at: '2026-01-01 11:00:00', is_published: 0 });
  for (let i = 0; i < 103; i++) {
    await client.createReview({
      product_id: String(5000 + (i % 7)),
      rating: (i % 5) + 1,
      author: `Buyer ${i}`,
      commented_at: `2026-02-01 10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
    });
  }
  const target = await buildTestApp(t);
  const credentials = source.env.shopA.credentials;
  // `--option=value`: a generated token may start with "-", which a separate argument cannot.
  const args = ['--from-api', source.url, `--public-token=${credentials.public_token}`, `--private-token=${credentials.private_token}`];

  const dry = await importJson(target, [...args, '--dry-run']);
  assert.equal(dry.created, 105);
  assert.equal((await target.database.db.selectFrom('reviews').select('id').execute()).length, 0);

  const report = await importJson(target, args);
  assert.equal(report.format, 'api');
  assert.equal(report.rows, 105);
  assert.equal(report.created, 105);
  assert.equal(report.rejectedCount, 0);
  assert.deepEqual((await allReviews(target, 'shopA')).map(comparable), (await allReviews(source.env, 'shopA')).map(comparable));
  assert.deepEqual(await summaries(target.database.db, target.shopA.shopId), await recount(target.database.db, target.shopA.shopId));

  const again = await importJson(target, args);
  assert.equal(again.created, 0);
  assert.equal(again.skippedCount, 105);

  // A wrong private token: the source refuses, the command says so, nothing is written.
  const before = await target.snapshot();
  await assert.rejects(
    runCommand(target, switchingCommands, [
      'reviews',
      'import',
      '--domain',
      'shop-b.myshopify.com',
      '--from-api',
      source.url,
      `--public-token=${credentials.public_token}`,
      '--private-token',
      'wrong',
    ]),
    /get_reviews page 1 answered code 16/,
  );
  assert.deepEqual(await target.snapshot(), before);
});

test('Trustoo-style JSON lines (Review objects) import with their ids as source keys; a bad line is rejected by number', async (t) => {
  const source = await sourceServer(t);
  await source.env.shopA.client.createReview({ product_id: '99', rating: 4, author: 'Cat', content: 'Good', commented_at: '2026-03-01 08:00:00' });
  await source.env.shopA.client.createReview({ rating: 3, author: 'Dog', commented_at: '2026-03-02 08:00:00', reply: { content: 'Noted' } });
  const reviews = await allReviews(source.env, 'shopA');
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-jsonl-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'reviews.jsonl');
  writeFileSync(file, [...reviews.map((r) => JSON.stringify(r)), '{"rating": 9, "author": "x", "commented_at": "2026-01-01"}', 'not json', ''].join('\n'));
  const target = await buildTestApp(t);
  target.clock.set(Date.now());
  const report = await importJson(target, [file]);
  assert.equal(report.format, 'jsonl');
  assert.equal(report.created, 2);
  assert.deepEqual(report.rejected, [
    { line: 3, reason: 'rating "9" is not a whole number from 1 to 5' },
    { line: 4, reason: 'not valid JSON' },
  ]);
  const imported = await allReviews(target, 'shopA');
  assert.deepEqual(
    imported.map((r) => [r.author, r.product_id, r.rating, r.reply?.content ?? null, r.commented_at]),
    [
      ['Cat', '99', 4, null, '2026-03-01 08:00:00'],
      ['Dog', '0', 3, 'Noted', '2026-03-02 08:00:00'],
    ],
  );
  const keys = await target.database.db.selectFrom('review_import_keys').select('source_key').orderBy('source_key').execute();
  assert.deepEqual(
    keys.map((k) => k.source_key),
    reviews.map((r) => `jsonl:${r.id}`).sort(),
  );
});
