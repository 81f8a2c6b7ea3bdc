import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from './helpers.ts';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; description?: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

test('GET /openapi.json describes every route with a summary, a tag and described fields', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };
  assert.equal(doc.openapi, '3.1.0');
  for (const path of ['get_review', 'get_reviews', 'create_review', 'delete_review', 'get_rating']) {
    assert.ok(doc.paths[`/api/v1/openapi/${path}`], path);
  }
  assert.ok(doc.paths['/healthz']);
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['AdminSession', 'Bearer', 'MerchantSession', 'PublicToken', 'Sign', 'Timestamp']);

  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(op.summary, `${where}: summary`);
      assert.ok(op.tags?.length, `${where}: tags`);
      for (const p of op.parameters ?? []) assert.ok(p.description, `${where}: parameter ${p.name} has a description`);
    }
  }
  // Every route the app serves is in the document (the reference page's own asset routes aside).
  for (const [path, methods] of app.routeTable) {
    if (path.startsWith('/docs') || path === '/openapi.json') continue;
    const openApiPath = path.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}');
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      assert.ok(doc.paths[openApiPath]?.[method.toLowerCase()], `${method} ${path} is documented`);
    }
  }

  const createBody = JSON.stringify(doc.paths['/api/v1/openapi/create_review']!.post!.requestBody);
  assert.match(createBody, /star rating 1-5/);
});

test('GET /docs serves the readable reference page', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ url: '/docs/' });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /text\/html/);
  assert.match(res.body, /swagger/i);
});
