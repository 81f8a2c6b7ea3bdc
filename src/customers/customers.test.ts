import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { recordingSink } from '../emails/emails.testkit.ts';
import { legacyClient } from '../orders/orders.testkit.ts';
import { recordCustomerEvent } from './customer-events.service.ts';

type Page<T> = { page: { page: number; page_size: number; total_page: number; count: number }; list: T[] };

test('email_unsubscribe: trims and lower-cases, idempotent, also on the legacy path', async (t) => {
  const { app, shopA, clock, database } = await buildTestApp(t);
  const res = await shopA.client.call('POST', 'email_unsubscribe', { body: { email: '  Example@Gmail.com ', email_type: 'request_update_review' } });
  assert.deepEqual([res.code, res.message, res.data], [0, 'success', {}]);
  assert.equal((await shopA.client.call('POST', 'email_unsubscribe', { body: { email: 'example@gmail.com', email_type: 'request_update_review' } })).code, 0);
  const legacy = await legacyClient(app, shopA.credentials, clock).call('POST', 'email_unsubscribe', { body: { email: 'example@gmail.com', email_type: 'all' } });
  assert.equal(legacy.code, 0);
  const rows = await database.db.selectFrom('email_unsubscribes').select(['shop_id', 'email', 'email_type']).orderBy('id').execute();
  assert.deepEqual(rows, [
    { shop_id: shopA.shopId, email: 'example@gmail.com', email_type: 'request_update_review' },
    { shop_id: shopA.shopId, email: 'example@gmail.com', email_type: 'all' },
  ]);
});

test('customer exclusions: create by email (filled from the latest order) or id, list, delete; codes 6, 5 and 3', async (t) => {
  const { shopA, clock } = await buildTestApp(t);
  await shopA.client.call('POST', 'push_orders', {
    body: { orders: [{ order_id: 1, customer: { id: 23044610359590, email: 'ann@example.com', first_name: 'Ann', last_name: 'van Lee', phone: '+1 555' } }] },
  });
  const byEmail = await shopA.client.call('POST', 'create_customer_exclude', { body: { email: 'ANN@example.com' } });
  assert.equal(byEmail.code, 0, byEmail.message);
  assert.deepEqual(byEmail.data, {
    customer_id: '23044610359590',
    first_name: 'Ann',
    last_name: 'van Lee',
    email: 'ann@example.com',
    phone: '+1 555',
    created_at: '2026-06-01T12:00:00Z',
    updated_at: '2026-06-01T12:00:00Z',
  });
  assert.equal((await shopA.client.call('POST', 'create_customer_exclude', { body: { email: 'ann@example.com' } })).code, 6);
  assert.equal((await shopA.client.call('POST', 'create_customer_exclude', { body: { customer_id: '23044610359590' } })).code, 6, 'the same customer by id');
  clock.advance(1000);
  const byId = await shopA.client.call<{ customer_id: string; email: string }>('POST', 'create_customer_exclude', { body: { customer_id: 777 } });
  assert.deepEqual([byId.code, byId.data.customer_id, byId.data.email], [0, '777', '']);

  const list = await shopA.client.call<Page<{ customer_id: string }>>('GET', 'get_customer_exclude_list', {});
  assert.deepEqual(list.data.page, { page: 1, page_size: 20, total_page: 1, count: 2 });
  assert.deepEqual(
    list.data.list.map((e) => e.customer_id),
    ['777', '23044610359590'],
  );
  const filtered = await shopA.client.call<Page<{ customer_id: string }>>('GET', 'get_customer_excludes', { query: { email: 'ann@example.com', sort_by: 'created-ascending' } });
  assert.deepEqual(
    filtered.data.list.map((e) => e.customer_id),
    ['23044610359590'],
  );

  assert.deepEqual((await shopA.client.call('POST', 'delete_customer_exclude', { body: { customer_id: '23044610359590' } })).data, {});
  assert.equal((await shopA.client.call('POST', 'delete_customer_exclude', { body: { email: 'ann@example.com' } })).code, 5);
  assert.equal((await shopA.client.call<Page<unknown>>('GET', 'get_customer_exclude_list', {})).data.page.count, 1);
});

test('bad input on every customer endpoint: code 3 naming the field, nothing written', async (t) => {
  const { shopA, snapshot } = await buildTestApp(t);
  await shopA.client.call('POST', 'create_customer_exclude', { body: { email: 'x@example.com' } });
  const before = await snapshot();
  const posts: [string, unknown, string][] = [
    ['email_unsubscribe', {}, 'email is required'],
    ['email_unsubscribe', { email: 'a@example.com' }, 'email_type is required'],
    ['email_unsubscribe', { email: 'not-an-email', email_type: 'all' }, 'email'],
    ['email_unsubscribe', { email: 'a@example.com', email_type: 'newsletter' }, 'email_type'],
    ['email_unsubscribe', { email: 42, email_type: 'all' }, 'email'],
    ['create_customer_exclude', {}, 'email'],
    ['create_customer_exclude', { email: 'a@example.com', customer_id: '1' }, 'email'],
    ['create_customer_exclude', { email: 'nope' }, 'email'],
    ['create_customer_exclude', { customer_id: 'abc' }, 'customer_id'],
    ['delete_customer_exclude', { email: '', customer_id: '' }, 'customer_id'],
    ['delete_customer_exclude', { email: '' }, 'email'],
    ['delete_customer_exclude', { email: 'x@example.com', customer_id: 5 }, 'email'],
    ['delete_customer_exclude', '{oops', 'body'],
  ];
  for (const [endpoint, body, field] of posts) {
    const res = await shopA.client.call('POST', endpoint, { body });
    assert.deepEqual([res.code, res.data], [3, null], `${endpoint} ${JSON.stringify(body)}`);
    assert.ok(res.message.startsWith(`invalid argument: ${field}`), res.message);
  }
  const gets: [string, Record<string, string>, string][] = [
    ['get_customer_events', { event_type: 'click media' }, 'event_type'],
    ['get_customer_events', { os_type: 'ios' }, 'os_type'],
    ['get_customer_events', { event_source: 'E-MAIL' }, 'event_source'],
    ['get_customer_events', { sort_by: 'oldest' }, 'sort_by'],
    ['get_customer_events', { page_size: 'ten' }, 'page_size'],
    ['get_customer_exclude_list', { email: 'bad' }, 'email'],
    ['get_customer_exclude_list', { customer_id: 'x1' }, 'customer_id'],
    ['get_customer_excludes', { sort_by: 'x' }, 'sort_by'],
  ];
  for (const [endpoint, query, field] of gets) {
    const res = await shopA.client.call('GET', endpoint, { query });
    assert.deepEqual([res.code, res.data], [3, null], `${endpoint} ${JSON.stringify(query)}`);
    assert.ok(res.message.startsWith(`invalid argument: ${field}`), res.message);
  }
  assert.deepEqual(await snapshot(), before);
});

test('recordCustomerEvent stores widget events, emits customer_event/created in its transaction; get_customer_events filters and pages', async (t) => {
  const events = recordingSink();
  const { app, shopA, shopB, clock, snapshot } = await buildTestApp(t, { deps: { events } });
  const deps = { db: app.db, clock, events: app.events };
  const make = async (shopId: number, event: Parameters<typeof recordCustomerEvent>[2]) => {
    clock.advance(1000);
    return recordCustomerEvent(deps, shopId, event);
  };
  const first = await make(shopA.shopId, {
    event_type: 'VIEW_REVIEW',
    event_source: 'STOREFRONT',
    os_type: 'IOS',
    product_id: '111',
    page_url: 'https://shop-a.example/products/x',
    extra: { page: 1 },
  });
  assert.deepEqual(first, {
    id: first.id,
    event_type: 'VIEW_REVIEW',
    os_type: 'IOS',
    event_source: 'STOREFRONT',
    customer_id: '',
    customer_email: '',
    review_id: '',
    product_id: '111',
    page_url: 'https://shop-a.example/products/x',
    extra: { page: 1 },
    created_at: '2026-06-01T12:00:01Z',
  });
  await make(shopA.shopId, { event_type: 'CLICK_MEDIA', event_source: 'STOREFRONT', os_type: 'ANDROID', review_id: '9' });
  await make(shopA.shopId, { event_type: 'CLICK_MEDIA', event_source: 'STOREFRONT', os_type: 'IOS' });
  await make(shopA.shopId, { event_type: 'SOME_NEW_EVENT', event_source: 'WIDGET' });
  await make(shopB.shopId, { event_type: 'CLICK_MEDIA', event_source: 'STOREFRONT', os_type: 'IOS' });
  assert.deepEqual(
    events.emitted.map((e) => [e.topic, e.shopId]),
    [...Array(4).fill(['customer_event/created', shopA.shopId]), ['customer_event/created', shopB.shopId]],
  );
  assert.deepEqual(events.emitted[0]!.data, first);

  const before = await snapshot();
  await assert.rejects(make(shopA.shopId, { event_type: 'view review', event_source: 'STOREFRONT' }), /event_type/);
  await assert.rejects(make(shopA.shopId, { event_type: 'VIEW', event_source: 'STOREFRONT', page_url: 'javascript:alert(1)' }), /page_url/);
  await assert.rejects(make(shopA.shopId, { event_type: 'VIEW', event_source: 'STOREFRONT', extra: { blob: 'x'.repeat(5000) } }), /extra/);
  assert.deepEqual(await snapshot(), before);
  assert.equal(events.emitted.length, 5);

  const types = async (query: Record<string, string | number>) =>
    (await shopA.client.call<Page<{ event_type: string; os_type: string }>>('GET', 'get_customer_events', { query })).data.list.map((e) => `${e.event_type}/${e.os_type}`);
  assert.deepEqual(await types({ event_type: 'CLICK_MEDIA', os_type: '', page: 1, sort_by: 'created-ascending', page_size: 20, event_source: '' }), ['CLICK_MEDIA/ANDROID', 'CLICK_MEDIA/IOS']);
  assert.deepEqual(await types({}), ['SOME_NEW_EVENT/', 'CLICK_MEDIA/IOS', 'CLICK_MEDIA/ANDROID', 'VIEW_REVIEW/IOS']);
  assert.deepEqual(await types({ os_type: 'IOS' }), ['CLICK_MEDIA/IOS', 'VIEW_REVIEW/IOS']);
  assert.deepEqual(await types({ event_source: 'WIDGET' }), ['SOME_NEW_EVENT/']);
  const paged = await shopA.client.call<Page<unknown>>('GET', 'get_customer_events', { query: { page: 2, page_size: 3 } });
  assert.deepEqual(paged.data.page, { page: 2, page_size: 3, total_page: 2, count: 4 });
  const legacy = await legacyClient(app, shopA.credentials, clock).call<Page<unknown>>('GET', 'customer_events', { query: { os_type: 'IOS' } });
  assert.equal(legacy.data.page.count, 2);
});

test('shop B cannot see or change shop A customer events, exclusions or unsubscribes', async (t) => {
  const { app, shopA, shopB, clock, snapshot } = await buildTestApp(t);
  await recordCustomerEvent({ db: app.db, clock, events: app.events }, shopA.shopId, { event_type: 'VIEW_REVIEW', event_source: 'STOREFRONT' });
  await shopA.client.call('POST', 'create_customer_exclude', { body: { email: 'a@example.com' } });
  const before = await snapshot();
  assert.equal((await shopB.client.call<Page<unknown>>('GET', 'get_customer_events', {})).data.page.count, 0);
  assert.equal((await shopB.client.call<Page<unknown>>('GET', 'get_customer_exclude_list', {})).data.page.count, 0);
  assert.equal((await shopB.client.call('POST', 'delete_customer_exclude', { body: { email: 'a@example.com' } })).code, 5);
  assert.deepEqual(await snapshot(), before);
  assert.equal((await shopB.client.call('POST', 'create_customer_exclude', { body: { email: 'a@example.com' } })).code, 0, 'an independent list per shop');
});
