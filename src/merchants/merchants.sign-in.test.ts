import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { buildOAuthFixture, PASSWORD_A, type OAuthFixture } from '../oauth/oauth.test-support.ts';
import { SIGN_IN_IP_BURST } from './sign-in-limit.ts';
import { hashPassword, PRODUCTION_SCRYPT_PARAMS, usePasswordCostForTests, verifyPassword } from './passwords.ts';

const TEST_COST = { N: 2 ** 12, r: 8, p: 1 };

const signInFrom = async (f: OAuthFixture, ip: string, password: string, email = 'owner@shop-a.test') => {
  const response = await f.app.inject({
    method: 'POST',
    url: '/api/v1/openapi/merchant_sign_in',
    remoteAddress: ip,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as { code: number; message: string };
};

const storedHash = async (f: OAuthFixture) => (await f.database.db.selectFrom('merchants').select('password_hash').where('email', '=', 'owner@shop-a.test').executeTakeFirstOrThrow()).password_hash;

test('sign-in lockout: 30 parallel wrong passwords, then the right one is refused (locked)', async (t) => {
  const f = await buildOAuthFixture(t);
  // Each guess from its own address, so only the account lock (not the per-IP limit) can stop them.
  const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => signInFrom(f, `10.0.${i}.1`, `wrong-password-${i}`)));
  assert.deepEqual(new Set(guesses.map((g) => g.code)), new Set([16]));
  assert.equal((await signInFrom(f, '10.9.9.9', PASSWORD_A)).code, 16, 'locked after the parallel guesses');
  const row = await f.database.db.selectFrom('merchants').select('locked_until').where('email', '=', 'owner@shop-a.test').executeTakeFirstOrThrow();
  assert.ok(row.locked_until > f.clock.now(), 'the lock is in the database');
  f.clock.advance(15 * 60_000);
  assert.equal((await signInFrom(f, '10.9.9.9', PASSWORD_A)).code, 0, 'the lock ends after 15 minutes');
});

test('sign-in per-IP limit: after 30 attempts from one address the next is code 8, the HTML form answers 429, other addresses still sign in', async (t) => {
  const f = await buildOAuthFixture(t);
  // Spread over two accounts that never lock (the right password resets the count) so only the IP limit can refuse.
  for (let i = 0; i < SIGN_IN_IP_BURST; i++) assert.equal((await signInFrom(f, '203.0.113.7', i % 2 ? 'merchant-b-password' : PASSWORD_A, i % 2 ? 'owner@shop-b.test' : 'owner@shop-a.test')).code, 0);
  const refused = await signInFrom(f, '203.0.113.7', PASSWORD_A);
  assert.equal(refused.code, 8);
  assert.match(refused.message, /too many sign-in attempts from this address; retry after \d+ s/);
  const form = await f.app.inject({
    method: 'POST',
    url: '/merchant/sign-in',
    remoteAddress: '203.0.113.7',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'plaudit_login_csrf=abc' },
    payload: new URLSearchParams({ email: 'owner@shop-a.test', password: PASSWORD_A, csrf_token: 'abc' }).toString(),
  });
  assert.equal(form.statusCode, 429, form.body);
  assert.equal((await signInFrom(f, '203.0.113.8', PASSWORD_A)).code, 0, 'another address is not limited');
  f.clock.advance(30_000);
  assert.equal((await signInFrom(f, '203.0.113.7', PASSWORD_A)).code, 0, 'one more attempt every 30 s');
});

test('scrypt: the production default cost for merchant passwords is N=2^17, r=8, p=1 (OWASP)', async (t) => {
  usePasswordCostForTests(null);
  t.after(() => usePasswordCostForTests(TEST_COST));
  assert.deepEqual({ ...PRODUCTION_SCRYPT_PARAMS }, { N: 131072, r: 8, p: 1 });
  const hash = await hashPassword('a production password');
  assert.match(hash, /^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.equal(await verifyPassword('a production password', hash), true);
  assert.equal(await verifyPassword('another password', hash), false);
});

test('scrypt: an old N=2^14 hash still verifies and is rehashed at the current cost on the next successful sign-in', async (t) => {
  const f = await buildOAuthFixture(t);
  usePasswordCostForTests(null);
  t.after(() => usePasswordCostForTests(TEST_COST));
  const salt = randomBytes(16);
  const legacy = ['scrypt', 16384, 8, 1, salt.toString('base64url'), scryptSync(PASSWORD_A, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')].join('$');
  await f.database.db.updateTable('merchants').set({ password_hash: legacy }).where('email', '=', 'owner@shop-a.test').execute();

  assert.equal((await signInFrom(f, '10.1.1.1', 'wrong-password')).code, 16);
  assert.equal(await storedHash(f), legacy, 'a failed sign-in does not rehash');
  assert.equal((await signInFrom(f, '10.1.1.1', PASSWORD_A)).code, 0, 'the old hash still verifies');
  const upgraded = await storedHash(f);
  assert.match(upgraded, /^scrypt\$131072\$8\$1\$/);
  assert.equal((await signInFrom(f, '10.1.1.1', PASSWORD_A)).code, 0, 'the new hash verifies');
  assert.equal(await storedHash(f), upgraded, 'rehashed once');
});
