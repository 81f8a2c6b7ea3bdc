import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { seedStorefront } from '../../test/storefront-fixtures.ts';

const cspOf = (headers: Record<string, unknown>) => String(headers['content-security-policy'] ?? '');

test('every HTML surface sends a CSP, nosniff and a framing decision from the shared configuration', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const { app } = testApp;
  const pages: Array<[string, string, RegExp]> = [
    ['hosted all-reviews page', '/s/shop-a.myshopify.com/reviews', /script-src 'self'/],
    ['hosted review form', '/s/shop-a.myshopify.com/products/red-shirt/review', /form-action 'self'/],
    ['hosted thank-you page', '/s/shop-a.myshopify.com/thanks?status=published', /script-src 'self'/],
    ['hosted page 404', '/s/nope.example.com/reviews', /default-src 'none'/],
    ['HTML fragment', '/storefront/v1/fragment?shop=shop-a.myshopify.com&widget=all-reviews', /default-src 'none'/],
    ['email page', '/r/review?t=not-a-token', /form-action 'self'/],
    ['merchant sign-in', '/merchant/sign-in', /frame-ancestors 'none'/],
    ['OAuth consent (error page)', '/oauth/authorize?client_id=nobody', /frame-ancestors 'none'/],
    ['API reference', '/docs/', /script-src 'self'/],
  ];
  for (const [name, url, specific] of pages) {
    const res = await app.inject({ method: 'GET', url });
    const csp = cspOf(res.headers);
    assert.match(csp, /default-src 'none'/, `${name}: ${csp}`);
    assert.match(csp, /frame-ancestors 'none'/, name);
    assert.match(csp, /base-uri 'none'/, name);
    assert.match(csp, specific, name);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', name);
    assert.equal(res.headers['referrer-policy'], 'no-referrer', name);
    assert.equal(res.headers['strict-transport-security'], undefined, `${name}: HSTS is the TLS terminator's decision`);
  }
  const consent = await app.inject({ method: 'GET', url: '/merchant/sign-in' });
  assert.equal(consent.headers['x-frame-options'], 'DENY');
});

test('the widget script is loadable cross-origin and never sniffed; the JSON API carries no page policy', async (t) => {
  const { app } = await buildTestApp(t);
  const script = await app.inject({ method: 'GET', url: '/widget/v1/plaudit.js' });
  assert.equal(script.headers['x-content-type-options'], 'nosniff');
  assert.equal(script.headers['cross-origin-resource-policy'], 'cross-origin');
  assert.equal(script.headers['content-security-policy'], undefined);
  const api = await app.inject({ method: 'GET', url: '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com' });
  assert.equal(api.headers['content-security-policy'], undefined);
});
