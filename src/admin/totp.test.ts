import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import { buildTestApp } from '../../test/helpers.ts';
import { API, assertProblem, memberOf, PASSWORD } from './admin.testkit.ts';

test('two-factor sign-in: enrol with a code, then sign-in needs a code or a single-use recovery code', async (t) => {
  const testApp = await buildTestApp(t);
  const browser = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'owner' }], 'totp@example.com');
  const codeAt = (secret: string, ms: number) => authenticator.clone({ epoch: ms }).generate(secret);

  const started = (await browser.call('POST', '/account/totp')).json();
  assert.match(started.otpauth_url, /^otpauth:\/\/totp\/Plaudit:totp%40example\.com\?secret=[A-Z2-7]+/);
  assertProblem(await browser.call('POST', '/account/totp/confirm', { code: '000000' === codeAt(started.secret, testApp.clock.now()) ? '111111' : '000000' }), 400, 'invalid-argument', 'code');
  assert.equal((await browser.call('GET', '/session')).json().account.totp_enabled, false);
  const confirmed = await browser.call('POST', '/account/totp/confirm', { code: codeAt(started.secret, testApp.clock.now()) });
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  const recovery = confirmed.json().recovery_codes as string[];
  assert.equal(recovery.length, 10);
  assert.equal((await browser.call('GET', '/session')).json().account.totp_enabled, true);

  const signIn = (extra: Record<string, string>) => testApp.app.inject({ method: 'POST', url: `${API}/session`, payload: { email: 'totp@example.com', password: PASSWORD, ...extra } });
  assertProblem(await signIn({}), 401, 'totp-required', 'totp_code');
  testApp.clock.advance(60_000);
  assertProblem(await signIn({ totp_code: '12345' }), 401, 'unauthenticated', 'totp_code');
  const code = codeAt(started.secret, testApp.clock.now());
  assert.equal((await signIn({ totp_code: code })).statusCode, 200);
  assertProblem(await signIn({ totp_code: code }), 401, 'unauthenticated', 'totp_code');
  assert.equal((await signIn({ recovery_code: recovery[0]! })).statusCode, 200);
  assertProblem(await signIn({ recovery_code: recovery[0]! }), 401, 'unauthenticated', 'recovery_code');
  assertProblem(await testApp.app.inject({ method: 'POST', url: `${API}/session`, payload: { email: 'totp@example.com', password: 'wrong password', totp_code: code } }), 401, 'unauthenticated');

  assertProblem(await browser.call('DELETE', '/account/totp', { password: 'wrong password' }), 401, 'unauthenticated', 'password');
  assert.equal((await browser.call('DELETE', '/account/totp', { password: PASSWORD })).statusCode, 204);
  assert.equal((await signIn({})).statusCode, 200);
});
