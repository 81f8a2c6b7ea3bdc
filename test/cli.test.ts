import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from './helpers.ts';
import { runPlaudit as plaudit } from './plaudit-bin.ts';

test('plaudit shops create --json prints exactly one JSON object whose tokens work', async (t) => {
  const setup = await buildTestApp(t);
  const run = await plaudit(setup.databaseUrl, ['shops', 'create', '--domain', 'Demo.MyShopify.com', '--name', 'Demo', '--json']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.trim().split('\n').length, 1);
  const shop = JSON.parse(run.stdout) as Record<string, string>;
  assert.deepEqual(Object.keys(shop), ['shop_id', 'domain', 'public_token', 'private_token']);
  assert.equal(shop.domain, 'demo.myshopify.com');
  assert.match(shop.public_token!, /^[A-Za-z0-9+/]{22}==$/);
  assert.ok(shop.private_token!.length >= 43);
  const client = setup.clientFor({ public_token: shop.public_token!, private_token: shop.private_token! });
  assert.equal((await client.createReview({ rating: 5, author: 'CLI' })).code, 0);

  const duplicate = await plaudit(setup.databaseUrl, ['shops', 'create', '--domain', 'demo.myshopify.com', '--json']);
  assert.equal(duplicate.code, 1);
  assert.equal(duplicate.stdout, '');
  assert.match(duplicate.stderr, /already exists/);
  const missing = await plaudit(setup.databaseUrl, ['shops', 'create', '--json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--domain is required/);
  const badDomain = await plaudit(setup.databaseUrl, ['shops', 'create', '--domain', 'not a domain']);
  assert.equal(badDomain.code, 1);
  assert.match(badDomain.stderr, /domain/);
});

test('plaudit shops rotate-token: the old private token stops working at once', async (t) => {
  const setup = await buildTestApp(t);
  const run = await plaudit(setup.databaseUrl, ['shops', 'rotate-token', '--domain', 'shop-a.myshopify.com', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const rotated = JSON.parse(run.stdout) as { public_token: string; private_token: string };
  assert.equal((await setup.shopA.client.getRating({ is_all_rating: 1 })).code, 16);
  assert.equal((await setup.clientFor(rotated).getRating({ is_all_rating: 1 })).code, 0);
  const unknown = await plaudit(setup.databaseUrl, ['shops', 'rotate-token', '--domain', 'nope.myshopify.com']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /not found/);
});

test('plaudit products upsert feeds handle lookups and review output; reviews unpublish moves the rating', async (t) => {
  const setup = await buildTestApp(t);
  const args = ['products', 'upsert', '--domain', 'shop-a.myshopify.com', '--id', '777', '--handle', 'green-hat', '--title', 'Green hat', '--url', 'https://shop-a.example.com/products/green-hat'];
  const run = await plaudit(setup.databaseUrl, args);
  assert.equal(run.code, 0, run.stderr);
  const created = await setup.shopA.client.createReview({ rating: 4, author: 'x', product_id: '777' });
  assert.equal(created.data.product_title, 'Green hat');
  assert.equal(created.data.product_handle, 'green-hat');
  assert.equal((await setup.shopA.client.getRating({ product_handle: 'green-hat' })).data.review_count, 1);
  const badUrl = await plaudit(setup.databaseUrl, [...args.slice(0, -2), '--url', 'ftp://x']);
  assert.equal(badUrl.code, 1);
  assert.match(badUrl.stderr, /url/);

  const unpublish = ['reviews', 'unpublish', '--domain', 'shop-a.myshopify.com', '--id', created.data.id, '--json'];
  for (const [more, message] of [
    [[], /--reason is required/],
    [['--reason', 'ugly'], /--reason must be one of/],
  ] as const) {
    const refused = await plaudit(setup.databaseUrl, [...unpublish, ...more]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, message);
  }
  assert.equal((await setup.shopA.client.getRating({ product_handle: 'green-hat' })).data.review_count, 1, 'hiding needs a reason');
  const hide = await plaudit(setup.databaseUrl, [...unpublish, '--reason', 'profanity']);
  assert.equal(hide.code, 0, hide.stderr);
  assert.deepEqual(JSON.parse(hide.stdout), { id: created.data.id, is_published: 0, hide_reason: 'offensive' });
  assert.equal((await setup.shopA.client.getRating({ product_handle: 'green-hat' })).data.review_count, 0);
  // Shop B's domain cannot reach shop A's review.
  const cross = await plaudit(setup.databaseUrl, ['reviews', 'publish', '--domain', 'shop-b.myshopify.com', '--id', created.data.id]);
  assert.equal(cross.code, 1);
  assert.match(cross.stderr, /not found/);
});

test('plaudit --help documents every command; unknown commands exit 2', async (t) => {
  const setup = await buildTestApp(t);
  const help = await plaudit(setup.databaseUrl, ['--help']);
  assert.equal(help.code, 0);
  for (const command of ['shops create', 'shops rotate-token', 'products upsert', 'reviews publish', 'db migrate']) {
    assert.ok(help.stdout.includes(`plaudit ${command}`), command);
  }
  const unknown = await plaudit(setup.databaseUrl, ['shops', 'explode']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command/);
  const migrate = await plaudit(setup.databaseUrl, ['db', 'migrate']);
  assert.equal(migrate.code, 0, migrate.stderr);
  assert.match(migrate.stdout, /up to date/);
});
