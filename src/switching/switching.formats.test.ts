import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { switchingCommands } from './switching.cli.ts';
import { placeholderProductId } from './switching.products.ts';
import { upsertProduct } from '../products/products.service.ts';
import { fixture, importJson, recount, reviewsOf, summaries } from './switching.testkit.ts';

const pick = async (env: TestApp) =>
  (await reviewsOf(env.database.db, env.shopA.shopId)).map((r) => ({
    author: r.author,
    product_id: r.product_id,
    rating: r.rating,
    title: r.title,
    content: r.content,
    is_published: r.is_published,
    is_verified: r.is_verified,
    is_featured: r.is_featured,
    source: r.source,
    commented_at: new Date(r.commented_at).toISOString(),
    reply: r.reply_content,
    media: (JSON.parse(r.media) as { url: string; type: number }[]).map((m) => `${m.type}:${m.url}`),
    country: r.author_country,
    item_type: r.item_type,
  }));

const base = { is_verified: 0, is_featured: 0, reply: null, media: [], country: '', item_type: '' };

test('Judge.me second header: ";" separator, featured/verified/hidden flags, reply dates, duplicate rows', async (t) => {
  const env = await buildTestApp(t);
  const report = await importJson(env, [fixture('judgeme-v2.csv')]);
  assert.equal(report.format, 'judgeme');
  assert.deepEqual(report.skipped, [{ line: 4, reason: 'duplicate of line 2' }]);
  const shirt = placeholderProductId('handle:blue-shirt');
  assert.deepEqual(await pick(env), [
    {
      ...base,
      author: 'Ivy',
      product_id: shirt,
      rating: 5,
      title: 'Lovely',
      content: 'Soft; warm',
      is_published: 1,
      is_verified: 1,
      is_featured: 1,
      source: 'Judge.me',
      commented_at: '2024-12-01T00:00:00.000Z',
    },
    {
      ...base,
      author: 'Jon',
      product_id: shirt,
      rating: 3,
      title: 'Hidden one',
      content: 'Not shown',
      is_published: 0,
      source: 'Judge.me',
      commented_at: '2024-12-02T00:00:00.000Z',
      reply: 'We are sorry',
    },
  ]);
  assert.deepEqual(await summaries(env.database.db, env.shopA.shopId), await recount(env.database.db, env.shopA.shopId));
});

test('Shopify Product Reviews: header with spaces and capitals, missing optional columns, states, unknown state rejected', async (t) => {
  const env = await buildTestApp(t);
  const report = await importJson(env, [fixture('shopify.csv')]);
  assert.equal(report.format, 'shopify');
  assert.deepEqual(report.rejected, [{ line: 7, reason: 'status "maybe" is not a known review state (e.g. published, unpublished, ok, spam)' }]);
  const mug = placeholderProductId('handle:red-mug');
  const common = { ...base, product_id: mug, source: 'Shopify Product Reviews' };
  assert.deepEqual(await pick(env), [
    { ...common, author: 'Kim', rating: 5, title: 'Best mug', content: 'Holds heat\nfor hours', is_published: 1, commented_at: '2019-07-24T15:27:04.000Z' },
    { ...common, author: 'Lee', rating: 1, title: 'Broke', content: 'Cracked on day one', is_published: 0, commented_at: '2019-07-25T13:00:00.000Z' },
    { ...common, author: 'Spammer', rating: 5, title: 'BUY NOW', content: 'cheap pills', is_published: 0, commented_at: '2019-07-26T00:00:00.000Z' },
    { ...common, author: 'Max', rating: 4, title: '', content: '', is_published: 1, commented_at: '2019-07-27T00:00:00.000Z' },
  ]);
  assert.deepEqual(await summaries(env.database.db, env.shopA.shopId), await recount(env.database.db, env.shopA.shopId));
});

test('Yotpo import template and export (";" separated, month-first and day-first dates, product URL)', async (t) => {
  const env = await buildTestApp(t);
  const template = await importJson(env, [fixture('yotpo-template.csv')]);
  assert.equal(template.format, 'yotpo');
  assert.deepEqual(template.rejected, [{ line: 4, reason: 'body is empty (Yotpo reviews need one)' }]);
  assert.deepEqual(template.uncataloguedProductIds, ['7001']);
  assert.deepEqual(
    template.productsCreated.map((p) => [p.product_id, p.title]),
    [[placeholderProductId('sku:SKU-RED-1'), 'SKU-RED-1']],
  );
  const exported = await importJson(env, [fixture('yotpo-export.csv')]);
  assert.equal(exported.format, 'yotpo');
  assert.equal(exported.created, 2);
  assert.deepEqual(
    exported.productsCreated.map((p) => [p.product_id, p.handle, p.title]),
    [['7002', 'green-lamp', 'Green Lamp']],
  );
  const common = { ...base, source: 'Yotpo' };
  assert.deepEqual(await pick(env), [
    { ...common, author: 'Ola', product_id: '7001', rating: 4, title: 'Solid', content: 'Works well', is_published: 1, commented_at: '2024-01-10T00:00:00.000Z', reply: 'Thank you!' },
    { ...common, author: 'Pat', product_id: '7001', rating: 2, title: 'Meh', content: 'Not great', is_published: 0, commented_at: '2024-01-11T00:00:00.000Z' },
    { ...common, author: 'Rae', product_id: placeholderProductId('sku:SKU-RED-1'), rating: 3, title: 'By SKU', content: 'Fine fit', is_published: 1, commented_at: '2024-01-13T00:00:00.000Z' },
    { ...common, author: 'Sam', product_id: '7002', rating: 5, title: 'Superb', content: 'Would buy again', is_published: 1, is_verified: 1, commented_at: '2025-03-15T00:00:00.000Z' },
    { ...common, author: 'Tia', product_id: '7002', rating: 3, title: 'Okay', content: 'It is fine, really', is_published: 1, commented_at: '2025-03-25T00:00:00.000Z' },
  ]);
  // A product named by SKU gets the same placeholder id on the next run: nothing new.
  assert.equal((await importJson(env, [fixture('yotpo-template.csv')])).productsCreatedCount, 0);
});

test('a row named by SKU lands on the catalogue product with that SKU; a placeholder product keeps the SKU it was created for', async (t) => {
  const env = await buildTestApp(t);
  const first = await importJson(env, [fixture('yotpo-template.csv')]);
  const placeholder = placeholderProductId('sku:SKU-RED-1');
  assert.deepEqual(
    first.productsCreated.map((p) => p.product_id),
    [placeholder],
  );
  const created = await env.database.db.selectFrom('products').select(['sku']).where('shop_id', '=', env.shopA.shopId).where('product_id', '=', placeholder).executeTakeFirstOrThrow();
  assert.equal(created.sku, 'SKU-RED-1');

  // Shop B has the SKU in its catalogue (as the products API or CLI would store it): the same file lands there.
  await upsertProduct(env.services, env.shopB.shopId, { product_id: '9100', handle: 'red-shirt', title: 'Red shirt', sku: 'SKU-RED-1' });
  const report = await importJson(env, [fixture('yotpo-template.csv')], 'shop-b.myshopify.com');
  assert.equal(report.productsCreatedCount, 0);
  const bySku = await env.database.db.selectFrom('reviews').select(['author', 'product_id']).where('shop_id', '=', env.shopB.shopId).where('author', '=', 'Rae').execute();
  assert.deepEqual(bySku, [{ author: 'Rae', product_id: '9100' }]);
});

test('Loox export (both variants): ids, status, nickname or full name, photos, variant; a bad photo URL keeps the review', async (t) => {
  const env = await buildTestApp(t);
  const report = await importJson(env, [fixture('loox.csv')]);
  assert.equal(report.format, 'loox');
  assert.deepEqual(report.warnings, [{ line: 3, reason: 'media URL "not a url" is not an http(s) URL; left out' }]);
  assert.deepEqual(report.ignoredColumns, [{ name: 'incentivized', values: 2 }]);
  const v2 = await importJson(env, [fixture('loox-v2.csv')]);
  assert.equal(v2.format, 'loox');
  const common = { ...base, source: 'Loox', product_id: '7003' };
  assert.deepEqual(await pick(env), [
    {
      ...common,
      author: 'Uma',
      rating: 5,
      title: '',
      content: 'Gorgeous',
      is_published: 1,
      is_verified: 1,
      commented_at: '2023-05-01T10:00:00.000Z',
      media: ['1:https://img.example.com/r1.jpg'],
      item_type: 'Size 7',
    },
    { ...common, author: 'Vic Jones', rating: 2, title: '', content: 'Tarnished', is_published: 0, commented_at: '2023-05-02T10:00:00.000Z' },
    { ...common, author: 'Wes', rating: 4, title: '', content: 'Pretty', is_published: 1, commented_at: '2023-06-01T00:00:00.000Z', media: ['1:https://img.example.com/r2.jpg'] },
  ]);
});

test('Okendo import template and export: required body, SKU, country, image and video URLs, gid product ids, status', async (t) => {
  const env = await buildTestApp(t);
  const template = await importJson(env, [fixture('okendo-template.csv')]);
  assert.equal(template.format, 'okendo');
  assert.deepEqual(template.rejected, [{ line: 3, reason: 'body is empty (Okendo reviews need one)' }]);
  const exported = await importJson(env, [fixture('okendo-export.csv')]);
  assert.equal(exported.format, 'okendo');
  const boots = placeholderProductId('handle:brown-boots');
  const laces = placeholderProductId('sku:LACE-01');
  const common = { ...base, source: 'Okendo' };
  assert.deepEqual(await pick(env), [
    { ...common, author: 'Abe', product_id: '7004', rating: 5, title: 'Warm', content: 'Very warm', is_published: 1, is_verified: 1, commented_at: '2022-10-01T12:00:00.000Z' },
    { ...common, author: 'Bea', product_id: '7004', rating: 1, title: 'Itchy', content: 'Too itchy', is_published: 0, commented_at: '2022-10-02T12:00:00.000Z' },
    {
      ...common,
      author: 'Xan',
      product_id: boots,
      rating: 5,
      title: 'Comfy',
      content: 'Great boots',
      is_published: 1,
      commented_at: '2022-11-20T00:00:00.000Z',
      reply: 'Glad you like them',
      country: 'GB',
      media: ['1:https://img.example.com/b1.jpg', '2:https://img.example.com/b2.mp4'],
    },
    { ...common, author: 'Zed', product_id: laces, rating: 4, title: 'Laces', content: 'Nice laces', is_published: 1, commented_at: '2022-11-22T00:00:00.000Z' },
  ]);
  assert.deepEqual(await summaries(env.database.db, env.shopA.shopId), await recount(env.database.db, env.shopA.shopId));
});

test('an unknown header, a header missing required columns, an unknown format or domain write nothing and say why', async (t) => {
  const env = await buildTestApp(t);
  const before = await env.snapshot();
  const run = (args: string[]) => runCommand(env, switchingCommands, ['reviews', 'import', ...args]);
  await assert.rejects(run(['--domain', 'shop-a.myshopify.com', fixture('unknown.csv')]), /cannot tell the format from the header \(foo, bar, baz\); give --format/);
  await assert.rejects(run(['--domain', 'shop-a.myshopify.com', '--format', 'okendo', fixture('shopify.csv')]), /the Okendo header has no date_created column/);
  await assert.rejects(run(['--domain', 'shop-a.myshopify.com', '--format', 'excel', fixture('shopify.csv')]), /--format must be auto or one of/);
  await assert.rejects(run(['--domain', 'nope.myshopify.com', fixture('shopify.csv')]), /shop/);
  await assert.rejects(run(['--domain', 'shop-a.myshopify.com', '/no/such/file.csv']), /cannot read \/no\/such\/file\.csv: ENOENT/);
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-switching-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'broken.csv'), 'title,body,rating,review_date,reviewer_name\nA,"never closed,5,2025-01-01,Ann\n');
  await assert.rejects(run(['--domain', 'shop-a.myshopify.com', join(dir, 'broken.csv')]), /Quote Not Closed|quote/i);
  assert.deepEqual(await env.snapshot(), before);
});
