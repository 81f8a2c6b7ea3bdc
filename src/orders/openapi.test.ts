import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';

test('every orders, customers and email-page endpoint is in /openapi.json with a summary and tags', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
  const expected: [string, string][] = [
    ['/api/v1/openapi/get_orders', 'get'],
    ['/api/v1/openapi/push_orders', 'post'],
    ['/api/v1/open_api/orders', 'get'],
    ['/integrations/shopify/webhooks', 'post'],
    ['/api/v1/openapi/get_customer_events', 'get'],
    ['/api/v1/open_api/customer_events', 'get'],
    ['/api/v1/openapi/email_unsubscribe', 'post'],
    ['/api/v1/open_api/email_unsubscribe', 'post'],
    ['/api/v1/openapi/create_customer_exclude', 'post'],
    ['/api/v1/openapi/delete_customer_exclude', 'post'],
    ['/api/v1/openapi/get_customer_exclude_list', 'get'],
    ['/api/v1/openapi/get_customer_excludes', 'get'],
    ['/r/open', 'get'],
    ['/r/click', 'get'],
    ['/r/review', 'get'],
    ['/r/review', 'post'],
    ['/r/unsubscribe', 'get'],
    ['/r/unsubscribe', 'post'],
  ];
  for (const [path, method] of expected) {
    const operation = doc.paths[path]?.[method];
    assert.ok(operation, `${method} ${path} documented`);
    assert.ok(operation.summary && operation.tags?.length, `${method} ${path} has summary and tags`);
  }
  const dig = (value: unknown, ...keys: string[]): unknown => keys.reduce((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
  const order = dig(
    doc,
    'paths',
    '/api/v1/openapi/get_orders',
    'get',
    'responses',
    '200',
    'content',
    'application/json',
    'schema',
    'properties',
    'data',
    'properties',
    'list',
    'items',
    'properties',
  ) as Record<string, { description?: string }>;
  assert.deepEqual(Object.keys(order), ['id', 'order_id', 'order_name', 'customer_name', 'customer_email', 'status', 'scheduled_at', 'sent_at', 'created_at']);
  assert.match(order.status!.description ?? '', /Evaluated/);
});
