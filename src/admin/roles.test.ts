import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { createMerchant } from '../merchants/merchants.service.ts';
import { API, PASSWORD } from './admin.testkit.ts';
import { addReview } from './inbox.testkit.ts';
import { addMembership } from './memberships.queries.ts';
import { createSession } from './sessions.service.ts';
import type { Role } from './admin.table.ts';

type Need = Role | 'session' | 'anonymous';

/**
 * Every Admin API route and the least it needs. A route missing here fails the test, so a new
 * route cannot ship without its line. `{shop}`, `{review}`, `{job}`, `{session}` are filled in.
 */
const ROUTES: [method: string, path: string, need: Need, body?: unknown][] = [
  ['GET', '/setup', 'anonymous'],
  ['POST', '/setup', 'anonymous', { token: 'x', email: 'a@example.com', password: 'short' }],
  ['POST', '/session', 'anonymous', { email: 'nobody@example.com', password: 'x' }],
  ['GET', '/session', 'session'],
  ['DELETE', '/session', 'session'],
  ['GET', '/sessions', 'session'],
  ['DELETE', '/sessions/{session}', 'session'],
  ['DELETE', '/sessions', 'session'],
  ['GET', '/shops', 'session'],
  ['POST', '/shops', 'owner', { domain: 'not a domain' }], // owner of any shop
  ['GET', '/shops/{shop}', 'viewer'],
  ['GET', '/shops/{shop}/reviews', 'viewer'],
  ['GET', '/shops/{shop}/reviews/changes', 'viewer'],
  ['GET', '/shops/{shop}/reviews/{review}', 'viewer'],
  ['POST', '/shops/{shop}/reviews/{review}/publish', 'moderator'],
  ['POST', '/shops/{shop}/reviews/{review}/hide', 'moderator', { reason: 'other' }],
  ['PATCH', '/shops/{shop}/reviews/{review}', 'moderator', { tag: 't' }],
  ['PUT', '/shops/{shop}/reviews/{review}/reply', 'moderator', { content: 'hi' }],
  ['DELETE', '/shops/{shop}/reviews/{review}/reply', 'moderator'],
  ['PUT', '/shops/{shop}/reviews/{review}/media/{index}', 'moderator', { hidden: true }],
  ['DELETE', '/shops/{shop}/reviews/{review}', 'moderator'],
  ['POST', '/shops/{shop}/review-jobs', 'moderator', { action: 'feature', review_ids: ['999999'] }],
  ['GET', '/shops/{shop}/review-jobs/{job}', 'viewer'],
  ['GET', '/shops/{shop}/ledger', 'viewer'],
  ['GET', '/shops/{shop}/ledger/export', 'owner'],
  ['GET', '/shops/{shop}/settings/transparency', 'viewer'],
  ['PUT', '/shops/{shop}/settings/transparency', 'owner', { enabled: false }],
  ['GET', '/shops/{shop}/dashboard', 'viewer'],
  ['GET', '/shops/{shop}/products', 'viewer'],
  ['GET', '/shops/{shop}/settings/review-requests', 'viewer'],
  ['PUT', '/shops/{shop}/settings/review-requests', 'owner', { enabled: true, delay_days: 7, reminder_days: null, sender_name: '', product_ids: [] }],
  ['GET', '/shops/{shop}/settings/moderation', 'viewer'],
  ['PUT', '/shops/{shop}/settings/moderation', 'owner', { min_publish_rating: 4 }],
  ['GET', '/shops/{shop}/settings/shopify', 'viewer'],
  ['PUT', '/shops/{shop}/settings/shopify', 'owner', { app_secret: 'shpss_12345678' }],
  ['GET', '/shops/{shop}/credentials', 'owner'],
  ['POST', '/shops/{shop}/credentials/rotate', 'owner'],
  ['GET', '/shops/{shop}/webhooks', 'viewer'],
  ['POST', '/shops/{shop}/webhooks', 'owner', { topic: 'review/created', url: 'ftp://nowhere' }],
  ['DELETE', '/shops/{shop}/webhooks/{webhook}', 'owner'],
  ['GET', '/shops/{shop}/webhooks/{webhook}/deliveries', 'viewer'],
  ['POST', '/shops/{shop}/webhooks/{webhook}/deliveries/{delivery}/redeliver', 'owner'],
  ['GET', '/shops/{shop}/platforms', 'viewer'],
  ['DELETE', '/shops/{shop}/platforms/{platform}', 'owner'],
  ['PUT', '/account/password', 'session', { current_password: 'wrong password', new_password: 'short' }],
  ['POST', '/password-reset', 'anonymous', { email: 'nobody@example.com' }],
  ['POST', '/password-reset/confirm', 'anonymous', { token: 'x', new_password: 'short' }],
  ['GET', '/shops/{shop}/members', 'viewer'],
  ['PUT', '/shops/{shop}/members/{account}', 'owner', { role: 'viewer' }],
  ['DELETE', '/shops/{shop}/members/{account}', 'owner'],
  ['GET', '/shops/{shop}/invitations', 'owner'],
  ['POST', '/shops/{shop}/invitations', 'owner', { email: 'nope', role: 'viewer' }],
  ['DELETE', '/shops/{shop}/invitations/{invitation}', 'owner'],
  ['GET', '/invitations/{token}', 'anonymous'],
  ['POST', '/invitations/accept', 'anonymous', { token: 'x' }],
  ['POST', '/account/totp/confirm', 'session', { code: 'x' }],
  ['DELETE', '/account/totp', 'session', { password: '' }],
  ['POST', '/account/totp', 'session'],
  ['GET', '/shops/{shop}/settings/alerts', 'viewer'],
  ['PUT', '/shops/{shop}/settings/alerts', 'owner', { enabled: true, max_rating: 9 }],
  ['GET', '/shops/{shop}/settings/rewards', 'viewer'],
  ['PUT', '/shops/{shop}/settings/rewards', 'owner', { enabled: true }],
  ['POST', '/shops/{shop}/rewards/codes', 'owner', { codes: 'not a code' }],
  ['GET', '/shops/{shop}/questions', 'viewer'],
  ['POST', '/shops/{shop}/questions/{id}/answers', 'moderator', { content: '' }],
  ['POST', '/shops/{shop}/questions/{id}/publish', 'moderator', {}],
  ['POST', '/shops/{shop}/questions/{id}/hide', 'moderator', {}],
  ['POST', '/shops/{shop}/questions/{id}/invitations', 'moderator', {}],
  ['GET', '/shops/{shop}/settings/questions', 'viewer'],
  ['PUT', '/shops/{shop}/settings/questions', 'owner', { auto_publish_answered: 'yes' }],
  ['GET', '/shops/{shop}/settings/email-texts', 'viewer'],
  ['GET', '/shops/{shop}/settings/email-texts/{email_type}/{locale}', 'viewer'],
  ['PUT', '/shops/{shop}/settings/email-texts/{email_type}/{locale}', 'owner', { subject: 7 }],
  ['POST', '/shops/{shop}/settings/email-texts/{email_type}/{locale}/preview', 'viewer', {}],
  ['GET', '/shops/{shop}/settings/appearance', 'viewer'],
  ['PUT', '/shops/{shop}/settings/appearance', 'owner', { star_color: 'red' }],
];

const RANK: Record<Need, number> = { anonymous: 0, session: 1, viewer: 1, moderator: 2, owner: 3 };

async function sessionFor(testApp: TestApp, merchantId: number) {
  const { token, row } = await createSession(testApp.app, merchantId, { ip: '127.0.0.1', userAgent: 'test' });
  return { cookie: `plaudit_admin=${token}`, csrf: row.csrf_token, id: row.id };
}

async function fill(testApp: TestApp, path: string, shopId: number, sessionId: number) {
  const review = await addReview(testApp, shopId, { media: [{ url: 'https://cdn.example.com/p.jpg', type: 1 }] });
  const job = await testApp.database.db
    .insertInto('review_jobs')
    .values({
      shop_id: shopId,
      merchant_id: null,
      actor_email: 'x',
      action: 'feature',
      argument: '{}',
      status: 'done',
      total: 0,
      processed: 0,
      changed: 0,
      lease_until: 0,
      created_at: 0,
      finished_at: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const now = testApp.clock.now();
  const webhook = await testApp.database.db
    .insertInto('webhook_subscriptions')
    .values({
      shop_id: shopId,
      platform_id: 0,
      topic: 'review/created',
      url: `https://hooks.example.com/${job.id}`,
      status: 'enabled',
      disabled_reason: null,
      accept_plain_2xx: 0,
      failing_since: null,
      dropped_in_a_row: 0,
      created_at: now,
      updated_at: now,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return path
    .replace('{shop}', String(shopId))
    .replace('{webhook}', String(webhook.id))
    .replace('{delivery}', '999999')
    .replace('{account}', '999999')
    .replace('{invitation}', '999999')
    .replace('{token}', 'x')
    .replace('{platform}', '999999')
    .replace('{review}', review)
    .replace('{index}', '0')
    .replace('{job}', String(job.id))
    .replace('{id}', '999999')
    .replace('{email_type}', 'request')
    .replace('{locale}', 'fr')
    .replace('{session}', String(sessionId));
}

test('role × route: every Admin API route answers owner / moderator / viewer / anonymous as its table line says', async (t) => {
  const testApp = await buildTestApp(t);
  const shopId = testApp.shopA.shopId;
  const documented = [...testApp.app.routeTable]
    .filter(([path]) => path.startsWith(API) && !path.endsWith('/*'))
    .flatMap(([path, methods]) =>
      [...methods].filter((m) => m !== 'HEAD').map((m) => `${m} ${path.slice(API.length).replace(/:(\w+)/g, (_, name: string) => `{${name.replace('_id', '').replace('shop', 'shop')}}`)}`),
    );
  const listed = ROUTES.map(([method, path]) => `${method} ${path}`);
  assert.deepEqual([...documented].sort(), [...listed].sort(), 'the table lists every admin route exactly once');

  const accounts: Partial<Record<Role, number>> = {};
  for (const role of ['owner', 'moderator', 'viewer'] as const) {
    const merchant = await createMerchant({ db: testApp.database.db, clock: testApp.clock }, { shopDomain: 'shop-a.myshopify.com', email: `${role}@example.com`, password: PASSWORD });
    await addMembership(testApp.database.db, Number(merchant.merchant_id), shopId, role, testApp.clock.now());
    accounts[role] = Number(merchant.merchant_id);
  }
  for (const [method, template, need, body] of ROUTES) {
    for (const who of ['anonymous', 'viewer', 'moderator', 'owner'] as const) {
      const session = who === 'anonymous' ? null : await sessionFor(testApp, accounts[who]!);
      const url = `${API}${await fill(testApp, template, shopId, session?.id ?? 1)}`;
      const response = await testApp.app.inject({
        method: method as 'GET',
        url,
        headers: { ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      const allowed = need === 'anonymous' || (who !== 'anonymous' && RANK[who] >= RANK[need]);
      const where = `${method} ${template} as ${who}: ${response.statusCode} ${response.body.slice(0, 200)}`;
      assert.ok(response.statusCode < 500, where);
      if (allowed) assert.ok(![401, 403].includes(response.statusCode) || (template === '/session' && method === 'POST'), `allowed: ${where}`);
      else assert.equal(response.statusCode, who === 'anonymous' ? 401 : 403, `refused: ${where}`);
    }
  }
});

test('tenancy: an owner of shop B reaches nothing of shop A through any route or id', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const b = testApp.shopB.shopId;
  const merchant = await createMerchant({ db: testApp.database.db, clock: testApp.clock }, { shopDomain: 'shop-b.myshopify.com', email: 'b-owner@example.com', password: PASSWORD });
  await addMembership(testApp.database.db, Number(merchant.merchant_id), b, 'owner', testApp.clock.now());
  const session = await sessionFor(testApp, Number(merchant.merchant_id));
  const before = await testApp.snapshot();
  for (const [method, template, need, body] of ROUTES) {
    if (!template.includes('{shop}')) continue;
    assert.notEqual(need, 'anonymous');
    // Shop A's path, and shop B's path with shop A's ids.
    const pathA = await fill(testApp, template, a, session.id);
    const idsOfA = pathA.split('/').slice(3);
    const pathBWithIdsOfA = ['', 'shops', String(b), ...idsOfA].join('/');
    for (const path of [pathA, template.includes('{review}') || template.includes('{job}') || template.includes('{webhook}') ? pathBWithIdsOfA : null]) {
      if (!path) continue;
      const snapshot = await testApp.snapshot();
      const response = await testApp.app.inject({
        method: method as 'GET',
        url: `${API}${path}`,
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      const where = `${method} ${path}: ${response.statusCode} ${response.body.slice(0, 200)}`;
      if (path === pathA || method !== 'POST' || !template.endsWith('review-jobs')) {
        assert.equal(response.statusCode, 404, where);
      }
      // Nothing of shop A changed (fixtures added by fill() aside).
      const after = await testApp.snapshot();
      for (const table of [
        'reviews',
        'rating_summaries',
        'moderation_ledger',
        'admin_shop_settings',
        'webhook_deliveries',
        'email_settings',
        'moderation_rules',
        'storefront_settings',
        'widget_appearance',
        'shopify_connections',
        'shops',
        'oauth_grants',
      ]) {
        assert.deepEqual(after[table], snapshot[table], `${where}: ${table} unchanged`);
      }
    }
  }
  assert.ok(before);
});
