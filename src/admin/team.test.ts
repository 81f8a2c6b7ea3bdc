import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailTestApp } from '../emails/emails.testkit.ts';
import { API, assertProblem, browserFor, cookieFrom, memberOf, PASSWORD, signInBrowser } from './admin.testkit.ts';
import { RESET_TTL_MS } from './team.service.ts';

const tokenIn = (text: string | undefined, path: string) => {
  const m = new RegExp(`https://reviews\\.example\\.com${path}\\?token=([\\w-]+)`).exec(text ?? '');
  assert.ok(m, `a ${path} link in: ${text}`);
  return m[1]!;
};

test('password reset by a single-use emailed link; all sessions end; unknown emails look the same', async (t) => {
  const testApp = await emailTestApp(t);
  const browser = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'owner' }], 'reset@example.com');
  const ask = (email: string) => testApp.app.inject({ method: 'POST', url: `${API}/password-reset`, payload: { email } });
  assert.equal((await ask('nobody@example.com')).statusCode, 202);
  assert.equal(testApp.smtp.messages.length, 0);
  assert.equal((await ask('Reset@Example.com')).statusCode, 202);
  assert.equal(testApp.smtp.messages.length, 1);
  const token = tokenIn(testApp.smtp.messages[0]!.text, '/admin/reset-password');

  const confirm = (body: Record<string, unknown>) => testApp.app.inject({ method: 'POST', url: `${API}/password-reset/confirm`, payload: body });
  assertProblem(await confirm({ token, new_password: 'short' }), 400, 'invalid-argument', 'new_password');
  assertProblem(await confirm({ token: 'wrong', new_password: 'a brand new password' }), 401, 'unauthenticated', 'token');
  assert.equal((await confirm({ token, new_password: 'a brand new password' })).statusCode, 204);
  assertProblem(await browser.call('GET', '/session'), 401, 'unauthenticated');
  assertProblem(await confirm({ token, new_password: 'another new password' }), 401, 'unauthenticated', 'token');
  await signInBrowser(testApp, 'reset@example.com', 'a brand new password');

  await ask('reset@example.com');
  const late = tokenIn(testApp.smtp.messages[1]!.text, '/admin/reset-password');
  testApp.clock.advance(RESET_TTL_MS + 1);
  assertProblem(await confirm({ token: late, new_password: 'yet another password' }), 401, 'unauthenticated', 'token');
});

test('password change needs the current password and signs out the other sessions', async (t) => {
  const testApp = await emailTestApp(t);
  const here = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'viewer' }], 'pw@example.com');
  const there = await signInBrowser(testApp, 'pw@example.com');
  const before = await testApp.snapshot();
  assertProblem(await here.call('PUT', '/account/password', { current_password: 'wrong password', new_password: 'a brand new password' }), 401, 'unauthenticated', 'current_password');
  assertProblem(await here.call('PUT', '/account/password', { current_password: PASSWORD, new_password: 'short' }), 400, 'invalid-argument', 'new_password');
  const after = await testApp.snapshot();
  assert.deepEqual(after.admin_sessions, before.admin_sessions);
  assert.equal((await here.call('PUT', '/account/password', { current_password: PASSWORD, new_password: 'a brand new password' })).statusCode, 204);
  assert.equal((await here.call('GET', '/session')).statusCode, 200);
  assertProblem(await there.call('GET', '/session'), 401, 'unauthenticated');
  await signInBrowser(testApp, 'pw@example.com', 'a brand new password');
});

test('team: invite by email (new and existing account), change roles, remove; the last owner stays', async (t) => {
  const testApp = await emailTestApp(t);
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'owner' }], 'boss@example.com');
  const existing = await memberOf(testApp, [{ shopId: testApp.shopB.shopId, role: 'owner' }], 'known@example.com');

  assertProblem(await owner.call('POST', `/shops/${a}/invitations`, { email: 'nope', role: 'viewer' }), 400, 'invalid-argument', 'email');
  assertProblem(await owner.call('POST', `/shops/${a}/invitations`, { email: 'x@example.com', role: 'king' }), 400, 'invalid-argument', 'role');
  const invited = await owner.call('POST', `/shops/${a}/invitations`, { email: 'new@example.com', role: 'moderator' });
  assert.equal(invited.statusCode, 201, invited.body);
  const token = tokenIn(testApp.smtp.messages[0]!.text, '/admin/invitations/accept');
  assert.deepEqual(
    (await owner.call('GET', `/shops/${a}/invitations`)).json().items.map((i: { email: string }) => i.email),
    ['new@example.com'],
  );
  const info = (await testApp.app.inject({ method: 'GET', url: `${API}/invitations/${token}` })).json();
  assert.deepEqual([info.shop_domain, info.role, info.account_exists], ['shop-a.myshopify.com', 'moderator', false]);

  const accept = (body: Record<string, unknown>) => testApp.app.inject({ method: 'POST', url: `${API}/invitations/accept`, payload: body });
  assertProblem(await accept({ token }), 400, 'invalid-argument', 'password');
  const joined = await accept({ token, password: 'a good long password' });
  assert.equal(joined.statusCode, 200, joined.body);
  const newcomer = browserFor(testApp, cookieFrom(joined), joined.json().csrf_token, Number(joined.json().account.id));
  assert.deepEqual(
    (await newcomer.call('GET', '/shops')).json().items.map((m: { role: string }) => m.role),
    ['moderator'],
  );
  assertProblem(await accept({ token, password: 'a good long password' }), 404, 'not-found');

  // An existing account accepts while signed in.
  await owner.call('POST', `/shops/${a}/invitations`, { email: 'known@example.com', role: 'viewer' });
  const second = tokenIn(testApp.smtp.messages[1]!.text, '/admin/invitations/accept');
  assertProblem(await accept({ token: second }), 401, 'unauthenticated');
  assert.equal((await existing.call('POST', '/invitations/accept', { token: second })).statusCode, 200);
  assert.deepEqual(
    (await existing.call('GET', '/shops')).json().items.map((m: { domain: string; role: string }) => `${m.domain}:${m.role}`),
    ['shop-a.myshopify.com:viewer', 'shop-b.myshopify.com:owner'],
  );

  const members = (await owner.call('GET', `/shops/${a}/members`)).json().items as { account_id: string; email: string; role: string }[];
  assert.deepEqual(
    members.map((m) => `${m.email}:${m.role}`),
    ['boss@example.com:owner', 'known@example.com:viewer', 'new@example.com:moderator'],
  );
  const ownerId = members[0]!.account_id;
  assertProblem(await owner.call('PUT', `/shops/${a}/members/${ownerId}`, { role: 'viewer' }), 409, 'conflict');
  assertProblem(await owner.call('DELETE', `/shops/${a}/members/${ownerId}`), 409, 'conflict');
  assertProblem(await newcomer.call('PUT', `/shops/${a}/members/${ownerId}`, { role: 'viewer' }), 403, 'forbidden');
  assert.equal((await owner.call('PUT', `/shops/${a}/members/${newcomer.merchantId}`, { role: 'owner' })).statusCode, 204);
  assert.equal((await newcomer.call('DELETE', `/shops/${a}/members/${existing.merchantId}`)).statusCode, 204);
  assertProblem(await existing.call('GET', `/shops/${a}`), 404, 'not-found');
  assertProblem(await owner.call('PUT', `/shops/${a}/members/${existing.merchantId}`, { role: 'viewer' }), 404, 'not-found');

  await owner.call('POST', `/shops/${a}/invitations`, { email: 'later@example.com', role: 'viewer' });
  const third = tokenIn(testApp.smtp.messages[2]!.text, '/admin/invitations/accept');
  const pending = (await owner.call('GET', `/shops/${a}/invitations`)).json().items as { id: string }[];
  assert.equal((await owner.call('DELETE', `/shops/${a}/invitations/${pending[0]!.id}`)).statusCode, 204);
  assertProblem(await accept({ token: third, password: 'a good long password' }), 404, 'not-found');
  const actions = (await owner.call('GET', `/shops/${a}/ledger?limit=100`))
    .json()
    .items.map((e: { action: string }) => e.action)
    .reverse();
  assert.deepEqual(actions, ['member.invite', 'member.join', 'member.invite', 'member.join', 'member.role', 'member.remove', 'member.invite', 'member.invite_cancel']);
});
