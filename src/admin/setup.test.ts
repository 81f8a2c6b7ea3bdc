import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { merchantCommands } from '../merchants/merchants.cli.ts';
import { API, assertProblem, browserFor, cookieFrom, PASSWORD, signInBrowser } from './admin.testkit.ts';
import { issueSetupToken, SETUP_TOKEN_TTL_MS } from './setup.service.ts';

const setupBody = (token: string, extra: Record<string, unknown> = {}) => ({ token, email: 'owner@example.com', password: PASSWORD, shop_domain: 'first.example.com', shop_name: 'First', ...extra });

test('first-run setup: GET / leads to setup, the token creates the first owner and shop once', async (t) => {
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const root = await app.inject({ method: 'GET', url: '/' });
  assert.equal(root.statusCode, 302);
  assert.equal(root.headers.location, '/admin/setup');
  assert.deepEqual((await app.inject({ method: 'GET', url: `${API}/setup` })).json(), { needed: true });

  const token = await issueSetupToken({ db: testApp.database.db, clock: testApp.clock, secretKey: testApp.config.secretKey });
  assert.ok(token);
  const before = await testApp.snapshot();
  assertProblem(await app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody('wrong-token') }), 401, 'unauthenticated', 'token');
  assertProblem(await app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(token, { shop_domain: 'not a domain' }) }), 400, 'invalid-argument', 'shop_domain');
  assertProblem(await app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(token, { password: 'short' }) }), 400, 'invalid-argument', 'password');
  assertProblem(await app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(token, { email: 'not-an-email' }) }), 400, 'invalid-argument', 'email');
  assert.deepEqual(await testApp.snapshot(), before, 'failed setups write nothing (the token stays usable)');

  const done = await app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(token) });
  assert.equal(done.statusCode, 201, done.body);
  const body = done.json();
  assert.equal(body.shop.domain, 'first.example.com');
  assert.equal(body.shop.name, 'First');
  assert.match(body.shop.private_token, /^[\w-]{43}$/);
  assert.equal(body.account.email, 'owner@example.com');
  const owner = browserFor(testApp, cookieFrom(done), body.csrf_token, Number(body.account.id));
  const me = (await owner.call('GET', '/session')).json();
  assert.deepEqual(me.memberships, [{ shop_id: body.shop.id, domain: 'first.example.com', name: 'First', role: 'owner' }]);

  // Single use, and no second owner through a fresh token either.
  assertProblem(await app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(token, { email: 'again@example.com', shop_domain: 'second.example.com' }) }), 409, 'conflict');
  assert.equal(await issueSetupToken({ db: testApp.database.db, clock: testApp.clock, secretKey: testApp.config.secretKey }), null);
  assert.deepEqual((await app.inject({ method: 'GET', url: `${API}/setup` })).json(), { needed: false });
  const after = await app.inject({ method: 'GET', url: '/' });
  assert.equal(after.headers.location, '/admin/');

  // The owner creates another shop; credentials are shown once.
  const created = await owner.call('POST', '/shops', { domain: 'second.example.com' });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().shop.domain, 'second.example.com');
  assert.equal((await owner.call('GET', '/shops')).json().items.length, 2);
  assertProblem(await owner.call('POST', '/shops', { domain: 'second.example.com' }), 409, 'conflict');
});

test('a setup token signed with another key, tampered with, or older than a day is refused', async (t) => {
  const testApp = await buildTestApp(t);
  const deps = { db: testApp.database.db, clock: testApp.clock };
  const foreign = (await issueSetupToken({ ...deps, secretKey: 'some-other-server-key-0123456789abcdef' }))!;
  const mine = (await issueSetupToken({ ...deps, secretKey: testApp.config.secretKey }))!;
  const before = await testApp.snapshot();
  assert.deepEqual(before.admin_setup_tokens, [], 'issuing a token writes nothing');
  assertProblem(await testApp.app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(foreign) }), 401, 'unauthenticated', 'token');
  assertProblem(await testApp.app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(mine.slice(0, -2) + 'xx') }), 401, 'unauthenticated', 'token');
  testApp.clock.advance(SETUP_TOKEN_TTL_MS);
  assertProblem(await testApp.app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(mine) }), 401, 'unauthenticated', 'token');
  assert.deepEqual(await testApp.snapshot(), before);
  const fresh = (await issueSetupToken({ ...deps, secretKey: testApp.config.secretKey }))!;
  assert.equal((await testApp.app.inject({ method: 'POST', url: `${API}/setup`, payload: setupBody(fresh) })).statusCode, 201);
});

test('`plaudit merchants create` gives the account a membership (owner by default, --role to choose)', async (t) => {
  const testApp = await buildTestApp(t);
  const out = await runCommand(testApp, merchantCommands, [
    'merchants',
    'create',
    '--domain',
    'shop-a.myshopify.com',
    '--email',
    'cli@example.com',
    '--password',
    PASSWORD,
    '--role',
    'moderator',
    '--json',
  ]);
  assert.equal(JSON.parse(out).role, 'moderator');
  const browser = await signInBrowser(testApp, 'cli@example.com');
  assert.deepEqual(
    (await browser.call('GET', '/shops')).json().items.map((m: { domain: string; role: string }) => [m.domain, m.role]),
    [['shop-a.myshopify.com', 'moderator']],
  );
  await assert.rejects(
    runCommand(testApp, merchantCommands, ['merchants', 'create', '--domain', 'shop-a.myshopify.com', '--email', 'cli2@example.com', '--password', PASSWORD, '--role', 'king']),
    /--role/,
  );
  assert.equal((await testApp.database.db.selectFrom('merchants').selectAll().where('email', '=', 'cli2@example.com').execute()).length, 0);
});
