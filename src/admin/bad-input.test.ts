import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { assertProblem, memberOf } from './admin.testkit.ts';
import { addReview } from './inbox.testkit.ts';

/** One bad request per Admin API route that takes input, and the field its problem must name. */
const CASES: [method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown, field: string, status?: number][] = [
  ['POST', '/setup', { token: 'x', email: 'a@example.com', password: 'short', shop_domain: 'a.example.com' }, 'password'],
  ['POST', '/session', { email: 'a@example.com', password: 'x', remember: true }, 'remember'],
  ['DELETE', '/sessions/abc', undefined, 'session_id'],
  ['POST', '/shops', { domain: 'not a domain' }, 'domain'],
  ['GET', '/shops/{shop}/reviews?sort=best', undefined, 'sort'],
  ['GET', '/shops/{shop}/reviews?verified=maybe', undefined, 'verified'],
  ['GET', '/shops/{shop}/reviews?to=2020-01-01T00:00:00Z&from=2021-01-01T00:00:00Z', undefined, 'to'],
  ['GET', '/shops/{shop}/reviews?product_id=abc', undefined, 'product_id'],
  ['GET', '/shops/{shop}/reviews/changes?since=1', undefined, 'since'],
  ['POST', '/shops/{shop}/reviews/{review}/hide', {}, 'reason'],
  ['PATCH', '/shops/{shop}/reviews/{review}', { featured: 'yes' }, 'featured'],
  ['PATCH', '/shops/{shop}/reviews/{review}', { tag: 'x'.repeat(65) }, 'tag'],
  ['PUT', '/shops/{shop}/reviews/{review}/reply', { content: '' }, 'content'],
  ['PUT', '/shops/{shop}/reviews/{review}/reply', { content: '   ' }, 'content'],
  ['PUT', '/shops/{shop}/reviews/{review}/media/0', { hidden: 1 }, 'hidden'],
  ['POST', '/shops/{shop}/review-jobs', { action: 'hide', reason: 'bad', filter: {} }, 'reason'],
  ['GET', '/shops/{shop}/ledger?limit=0', undefined, 'limit'],
  ['GET', '/shops/{shop}/ledger?cursor=zz', undefined, 'cursor'],
  ['GET', '/shops/{shop}/ledger/export?format=pdf', undefined, 'format'],
  ['PUT', '/shops/{shop}/settings/transparency', { enabled: 'on' }, 'enabled'],
  ['GET', '/shops/{shop}/products?limit=500', undefined, 'limit'],
  ['PUT', '/shops/{shop}/settings/review-requests', { enabled: true, delay_days: 3, reminder_days: null, sender_name: '', product_ids: ['x1'] }, 'product_ids'],
  ['PUT', '/shops/{shop}/settings/moderation', {}, 'min_publish_rating'],
  ['PUT', '/shops/{shop}/settings/alerts', { enabled: true, max_rating: 6 }, 'max_rating'],
  ['PUT', '/shops/{shop}/settings/shopify', { app_secret: 5 }, 'app_secret'],
  ['POST', '/shops/{shop}/webhooks', { topic: 'review/created', url: 'https://127.0.0.1/x' }, 'url'],
  ['PUT', '/account/password', { current_password: 'x' }, 'new_password'],
  ['POST', '/password-reset', {}, 'email'],
  ['POST', '/password-reset/confirm', { token: 'x', new_password: 'x' }, 'new_password'],
  ['PUT', '/shops/{shop}/members/{me}', { role: 'admin' }, 'role'],
  ['POST', '/shops/{shop}/invitations', { email: 'someone@example.com' }, 'role'],
  ['POST', '/invitations/accept', { password: 'a long enough password' }, 'token'],
  ['POST', '/account/totp/confirm', { code: '12' }, 'code'],
  ['DELETE', '/account/totp', {}, 'password'],
];

test('bad input on every route that takes input: a problem naming the field, nothing written', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'owner' }], 'owner@example.com');
  const review = await addReview(testApp, a, { media: [{ url: 'https://cdn.example.com/p.jpg', type: 1 }] });
  const before = await testApp.snapshot();
  for (const [method, template, body, field, status] of CASES) {
    const path = template.replace('{shop}', String(a)).replace('{review}', review).replace('{me}', String(owner.merchantId));
    const response = await owner.call(method, path, body);
    assertProblem(response, status ?? 400, 'invalid-argument', field);
    assert.doesNotMatch(response.body, /at \w+ \(|node_modules/, 'no stack trace');
  }
  const after = await testApp.snapshot();
  // Sessions are touched by requests (last_seen_at); nothing else may change.
  delete before.admin_sessions;
  delete after.admin_sessions;
  assert.deepEqual(after, before, 'nothing written');
});
