import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { API, assertProblem, memberOf, PASSWORD, signInBrowser } from './admin.testkit.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.service.ts';

test('sign in: HttpOnly SameSite=Strict cookie, CSRF token, memberships; wrong password is a 401 problem', async (t) => {
  const testApp = await buildTestApp(t);
  const browser = await memberOf(
    testApp,
    [
      { shopId: testApp.shopA.shopId, role: 'owner' },
      { shopId: testApp.shopB.shopId, role: 'viewer' },
    ],
    'ann@example.com',
  );
  const response = await testApp.app.inject({ method: 'POST', url: `${API}/session`, payload: { email: 'ann@example.com', password: PASSWORD } });
  const cookie = String(response.headers['set-cookie']);
  assert.match(cookie, /^plaudit_admin=[\w-]{43}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=43200$/);
  const body = response.json();
  assert.equal(body.account.email, 'ann@example.com');
  assert.deepEqual(
    body.memberships.map((m: { domain: string; role: string }) => [m.domain, m.role]),
    [
      ['shop-a.myshopify.com', 'owner'],
      ['shop-b.myshopify.com', 'viewer'],
    ],
  );
  assert.equal(typeof body.csrf_token, 'string');
  assert.equal(body.session.current, true);

  const me = await browser.call('GET', '/session');
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().csrf_token, browser.csrf);

  const wrong = await testApp.app.inject({ method: 'POST', url: `${API}/session`, payload: { email: 'ann@example.com', password: 'nope nope nope' } });
  assertProblem(wrong, 401, 'unauthenticated');
  assertProblem(await testApp.app.inject({ method: 'GET', url: `${API}/session` }), 401, 'unauthenticated');
  // The credential check hands out a partner-API session; the console does not leave it behind.
  assert.equal((await testApp.database.db.selectFrom('merchant_sessions').selectAll().execute()).length, 0);
});

test('the cookie is Secure when the request came over TLS through a trusted proxy', async (t) => {
  const testApp = await buildTestApp(t, { env: { TRUST_PROXY: '1' } });
  await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'owner' }], 'tls@example.com');
  const response = await testApp.app.inject({ method: 'POST', url: `${API}/session`, headers: { 'x-forwarded-proto': 'https' }, payload: { email: 'tls@example.com', password: PASSWORD } });
  assert.match(String(response.headers['set-cookie']), /; Secure$/);
});

test("CSRF: unsafe methods need the session's token in X-CSRF-Token", async (t) => {
  const testApp = await buildTestApp(t);
  const browser = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'owner' }]);
  const other = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'owner' }]);
  const before = await testApp.snapshot();
  assertProblem(await browser.call('DELETE', '/sessions', undefined, { csrf: null }), 403, 'csrf');
  assertProblem(await browser.call('DELETE', '/sessions', undefined, { csrf: 'x'.repeat(32) }), 403, 'csrf');
  assertProblem(await browser.call('DELETE', '/sessions', undefined, { csrf: other.csrf }), 403, 'csrf', undefined);
  assertProblem(await browser.call('POST', '/shops', { domain: 'new.example.com' }, { csrf: null }), 403, 'csrf');
  assert.deepEqual(await testApp.snapshot(), before, 'nothing written');
  assert.equal((await browser.call('GET', '/session')).statusCode, 200, 'still signed in');
  assert.equal((await browser.call('DELETE', '/session')).statusCode, 204);
  assertProblem(await browser.call('GET', '/session'), 401, 'unauthenticated');
});

test('sessions end after 30 idle minutes and 12 hours in all; requests keep an active one alive', async (t) => {
  const testApp = await buildTestApp(t);
  const browser = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'owner' }]);
  testApp.clock.advance(SESSION_IDLE_MS - 1000);
  assert.equal((await browser.call('GET', '/session')).statusCode, 200);
  testApp.clock.advance(SESSION_IDLE_MS - 1000);
  assert.equal((await browser.call('GET', '/session')).statusCode, 200, 'the last request restarted the idle clock');
  testApp.clock.advance(SESSION_IDLE_MS + 1);
  assertProblem(await browser.call('GET', '/session'), 401, 'unauthenticated');

  const active = await signInBrowser(testApp, (await testApp.database.db.selectFrom('merchants').select('email').executeTakeFirstOrThrow()).email);
  const start = testApp.clock.now();
  while (testApp.clock.now() < start + SESSION_ABSOLUTE_MS - 20 * 60 * 1000) {
    testApp.clock.advance(20 * 60 * 1000);
    assert.equal((await active.call('GET', '/session')).statusCode, 200);
  }
  testApp.clock.set(start + SESSION_ABSOLUTE_MS);
  assertProblem(await active.call('GET', '/session'), 401, 'unauthenticated');
});

test("list my sessions, revoke one, sign out everywhere; another account's session is not found", async (t) => {
  const testApp = await buildTestApp(t);
  const first = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'viewer' }], 'multi@example.com');
  const second = await signInBrowser(testApp, 'multi@example.com');
  const third = await signInBrowser(testApp, 'multi@example.com');
  const stranger = await memberOf(testApp, [{ shopId: testApp.shopB.shopId, role: 'owner' }]);

  const list = (await first.call('GET', '/sessions')).json().items as { id: string; current: boolean }[];
  assert.equal(list.length, 3);
  assert.equal(list.filter((s) => s.current).length, 1);
  const secondId = (await second.call('GET', '/session')).json().session.id as string;

  assertProblem(await stranger.call('DELETE', `/sessions/${secondId}`), 404, 'not-found');
  assert.equal((await second.call('GET', '/session')).statusCode, 200);
  assert.equal((await first.call('DELETE', `/sessions/${secondId}`)).statusCode, 204);
  assertProblem(await second.call('GET', '/session'), 401, 'unauthenticated');
  assert.equal((await third.call('GET', '/session')).statusCode, 200);

  assert.equal((await third.call('DELETE', '/sessions')).statusCode, 204);
  assertProblem(await first.call('GET', '/session'), 401, 'unauthenticated');
  assertProblem(await third.call('GET', '/session'), 401, 'unauthenticated');
  assert.equal((await stranger.call('GET', '/session')).statusCode, 200, 'other accounts keep their sessions');
});

test('sign-in is limited per address (429 with Retry-After) on top of the account lockout', async (t) => {
  const testApp = await buildTestApp(t);
  const attempt = (email: string) => testApp.app.inject({ method: 'POST', url: `${API}/session`, remoteAddress: '203.0.113.9', payload: { email, password: 'wrong password' } });
  for (let i = 0; i < 20; i++) assertProblem(await attempt(`nobody${i}@example.com`), 401, 'unauthenticated');
  const limited = await attempt('nobody@example.com');
  assertProblem(limited, 429, 'rate-limited');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  const elsewhere = await testApp.app.inject({ method: 'POST', url: `${API}/session`, remoteAddress: '203.0.113.10', payload: { email: 'x@example.com', password: 'wrong password' } });
  assertProblem(elsewhere, 401, 'unauthenticated');
});

test('bad input is a problem naming the field; unknown API paths are problem 404s', async (t) => {
  const testApp = await buildTestApp(t);
  const before = await testApp.snapshot();
  assertProblem(await testApp.app.inject({ method: 'POST', url: `${API}/session`, payload: { email: 'a@example.com' } }), 400, 'invalid-argument', 'password');
  assertProblem(await testApp.app.inject({ method: 'POST', url: `${API}/session`, payload: { email: 'a@example.com', password: 'x', extra: 1 } }), 400, 'invalid-argument', 'extra');
  assertProblem(await testApp.app.inject({ method: 'POST', url: `${API}/session`, payload: { email: 5, password: 'x' } }), 400, 'invalid-argument', 'email');
  assertProblem(await testApp.app.inject({ method: 'POST', url: `${API}/session`, headers: { 'content-type': 'application/json' }, payload: '{not json' }), 400, 'invalid-argument', 'body');
  assertProblem(await testApp.app.inject({ method: 'GET', url: `${API}/no/such/thing` }), 404, 'not-found');
  assertProblem(await testApp.app.inject({ method: 'OPTIONS', url: `${API}/session` }), 404, 'not-found');
  assert.deepEqual(await testApp.snapshot(), before);
  const browser = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'owner' }]);
  assertProblem(await browser.call('DELETE', '/sessions/abc'), 400, 'invalid-argument', 'session_id');
});
