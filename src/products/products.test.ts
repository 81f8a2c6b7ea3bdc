import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { gtinCheckDigit, gtinProblem } from './identifiers.ts';
import { findProduct } from './products.queries.ts';
import { runPlaudit as plaudit } from '../../test/plaudit-bin.ts';

/** Published GS1 examples: GTIN-8, UPC-A (GTIN-12), EAN-13, GTIN-14. */
const VALID_GTINS = ['96385074', '036000291452', '4006381333931', '10012345678902'];

test('GTIN check digits: the four lengths are accepted, a wrong length or check digit is refused', () => {
  for (const gtin of VALID_GTINS) assert.equal(gtinProblem(gtin), null, gtin);
  assert.equal(gtinCheckDigit('400638133393'), 1);
  assert.equal(gtinProblem('4006-3813 33931'), null, 'spaces and dashes tolerated');
  assert.match(gtinProblem('4006381333932')!, /check digit/);
  assert.match(gtinProblem('036000291453')!, /check digit/);
  assert.match(gtinProblem('1234567')!, /8, 12, 13 or 14 digits \(has 7\)/);
  assert.match(gtinProblem('40063813339310')!, /check digit/);
  assert.match(gtinProblem('400638133393101')!, /has 15/);
  assert.match(gtinProblem('ABC63813339')!, /only digits/);
});

const pushOrder = (lineItems: Record<string, unknown>[]) => ({
  orders: [{ order_id: '5001', customer: { email: 'ann@example.com' }, line_items: lineItems }],
});

test('push_orders line items carry product identifiers (Plaudit extension) onto the product', async (t) => {
  const { shopA, shopB, database } = await buildTestApp(t);
  const pushed = await shopA.client.call('POST', 'push_orders', {
    body: pushOrder([{ product_id: '777', title: 'Green hat', gtin: '4006-3813-33931', mpn: 'GH-1', sku: 'SKU-GH', brand: 'Hatters' }]),
  });
  assert.equal(pushed.code, 0, pushed.message);
  const product = await findProduct(database.db, shopA.shopId, '777');
  assert.deepEqual([product?.gtin, product?.mpn, product?.sku, product?.brand, product?.title, product?.handle], ['4006381333931', 'GH-1', 'SKU-GH', 'Hatters', 'Green hat', '']);
  assert.equal(await findProduct(database.db, shopB.shopId, '777'), undefined, 'another shop is untouched');

  // A later line with only a SKU changes only the SKU; "" clears.
  await shopA.client.call('POST', 'push_orders', { body: { orders: [{ order_id: '5002', line_items: [{ product_id: '777', sku: 'SKU-2', mpn: '' }] }] } });
  const updated = await findProduct(database.db, shopA.shopId, '777');
  assert.deepEqual([updated?.gtin, updated?.mpn, updated?.sku, updated?.brand], ['4006381333931', '', 'SKU-2', 'Hatters']);
});

test('the served OpenAPI document describes the identifiers on push_orders line items as a Plaudit extension', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, { post?: { requestBody?: unknown } }> };
  const body = doc.paths['/api/v1/openapi/push_orders']!.post!.requestBody as {
    content: Record<string, { schema: { properties: { orders: { items: { properties: { line_items: { items: { properties: Record<string, { description: string }> } } } } } } } }>;
  };
  const lineItem = Object.values(body.content)[0]!.schema.properties.orders.items.properties.line_items.items.properties;
  for (const field of ['gtin', 'mpn', 'sku', 'brand']) assert.match(lineItem[field]!.description, /^Plaudit extension: /, field);
  assert.match(lineItem.gtin!.description, /check digit/);
});

test('push_orders refuses a bad GTIN with code 3 naming the field, and writes nothing', async (t) => {
  const { shopA, snapshot } = await buildTestApp(t);
  const before = await snapshot();
  for (const [gtin, problem] of [
    ['4006381333932', /check digit/],
    ['12345', /has 5/],
    ['12x45678', /only digits/],
  ] as const) {
    const response = await shopA.client.call('POST', 'push_orders', {
      body: pushOrder([
        { product_id: '1', title: 'ok' },
        { product_id: '777', gtin },
      ]),
    });
    assert.equal(response.code, 3);
    assert.match(response.message, /^invalid argument: orders\[0\]\.line_items\[1\]\.gtin /);
    assert.match(response.message, problem);
  }
  assert.deepEqual(await snapshot(), before);
});

test('plaudit products upsert --gtin --mpn --sku --brand stores identifiers; a bad GTIN exits 2 naming --gtin', async (t) => {
  const { databaseUrl, database, shopA, snapshot } = await buildTestApp(t);
  const base = ['products', 'upsert', '--domain', 'shop-a.myshopify.com', '--id', '777', '--handle', 'green-hat', '--title', 'Green hat'];
  const run = await plaudit(databaseUrl, [...base, '--gtin', '036000291452', '--mpn', 'GH-1', '--sku', 'S1', '--brand', 'Hatters', '--json']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    domain: 'shop-a.myshopify.com',
    product_id: '777',
    handle: 'green-hat',
    title: 'Green hat',
    gtin: '036000291452',
    mpn: 'GH-1',
    sku: 'S1',
    brand: 'Hatters',
  });
  // Upserting again without identifiers keeps them.
  assert.equal((await plaudit(databaseUrl, [...base, '--title', 'Green hat II'])).code, 0);
  const kept = await findProduct(database.db, shopA.shopId, '777');
  assert.deepEqual([kept?.title, kept?.gtin, kept?.brand], ['Green hat II', '036000291452', 'Hatters']);

  const before = await snapshot();
  const bad = await plaudit(databaseUrl, [...base, '--gtin', '036000291453']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid --gtin: has a wrong check digit/);
  assert.equal(bad.stdout, '');
  assert.deepEqual(await snapshot(), before);
});
