import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli.ts';
import { buildOAuthFixture } from './oauth.test-support.ts';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const status = await runCli(args, { stdout: (t) => ((out += t), true), stderr: (t) => ((err += t), true) });
  return { status, out, err };
}

test('CLI: platforms create/list/rotate-secret/disable/enable and merchants create', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-cli-'));
  const saved = { ...process.env };
  Object.assign(process.env, { DATA_DIR: dir, PLAUDIT_SECRET_KEY: 'cli-test-secret-key-0123456789abcdef', LOG_LEVEL: 'silent' });
  delete process.env.DATABASE_URL;
  t.after(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  assert.equal((await cli(['shops', 'create', '--domain', 'demo.myshopify.com', '--json'])).status, 0);
  const created = await cli([
    'platforms',
    'create',
    '--name',
    'Trust Will',
    '--client-id',
    'trustwill',
    '--redirect-uri',
    'https://a.example/cb',
    '--redirect-uri',
    'https://b.example/cb?x=1',
    '--scopes',
    'write_reviews read_reviews',
    '--install-status',
    '--json',
  ]);
  assert.equal(created.status, 0, created.err);
  const { client_id, client_secret } = JSON.parse(created.out) as { client_id: string; client_secret: string };
  assert.equal(client_id, 'trustwill');
  assert.match(client_secret, /^[\w-]{43}$/);
  const listed = await cli(['platforms', 'list', '--json']);
  assert.deepEqual(JSON.parse(listed.out), [
    {
      client_id: 'trustwill',
      name: 'Trust Will',
      status: 'active',
      redirect_uris: ['https://a.example/cb', 'https://b.example/cb?x=1'],
      scopes: ['read_reviews', 'write_reviews'],
      webhook_url: '',
      skip_shop_oauth: 0,
      read_shop_install_status: 1,
      created_at: JSON.parse(listed.out)[0].created_at,
    },
  ]);
  assert.doesNotMatch(listed.out, new RegExp(client_secret));
  const rotated = JSON.parse((await cli(['platforms', 'rotate-secret', '--client-id', 'trustwill', '--grace-hours', '0', '--json'])).out);
  assert.notEqual(rotated.client_secret, client_secret);
  assert.equal(rotated.previous_secret_valid_until, '');
  assert.deepEqual(JSON.parse((await cli(['platforms', 'disable', '--client-id', 'trustwill', '--json'])).out), { client_id: 'trustwill', status: 'disabled' });
  assert.deepEqual(JSON.parse((await cli(['platforms', 'enable', '--client-id', 'trustwill', '--json'])).out), { client_id: 'trustwill', status: 'active' });
  const merchant = await cli(['merchants', 'create', '--domain', 'demo.myshopify.com', '--email', 'Owner@Demo.test', '--password', 'long-enough-password', '--json']);
  assert.equal(merchant.status, 0, merchant.err);
  assert.equal(JSON.parse(merchant.out).email, 'owner@demo.test');

  const failures: [string[], number, RegExp][] = [
    [['platforms', 'create', '--name', 'X', '--redirect-uri', 'https://a.example/cb', '--scopes', 'read_reviews', '--client-id', 'trustwill'], 1, /already exists/],
    [['platforms', 'create', '--name', 'X', '--redirect-uri', 'ftp://a.example/cb', '--scopes', 'read_reviews'], 1, /http or https/],
    [['platforms', 'create', '--name', 'X', '--redirect-uri', 'https://a.example/cb', '--scopes', 'read_shop_install_status'], 1, /unknown scope/],
    [['platforms', 'create', '--name', 'X', '--scopes', 'read_reviews'], 1, /at least one is required/],
    [['platforms', 'rotate-secret', '--client-id', 'nobody'], 1, /not found/],
    [['platforms', 'rotate-secret', '--client-id', 'trustwill', '--grace-hours', 'soon'], 2, /whole number/],
    [['merchants', 'create', '--domain', 'demo.myshopify.com', '--email', 'owner@demo.test', '--password', 'long-enough-password'], 1, /already exists/],
    [['merchants', 'create', '--domain', 'demo.myshopify.com', '--email', 'x@demo.test', '--password', 'short'], 1, /password must be/],
    [['merchants', 'create', '--domain', 'nobody.myshopify.com', '--email', 'x@demo.test', '--password', 'long-enough-password'], 1, /not found/],
  ];
  for (const [args, status, message] of failures) {
    const res = await cli(args);
    assert.equal(res.status, status, args.join(' '));
    assert.match(res.err, message);
  }
});

test('the worker purges dead sessions, codes and token pairs, keeping rotated pairs until their refresh tokens expire', async (t) => {
  const f = await buildOAuthFixture(t);
  const first = await f.tokensFor('read_reviews');
  const rotated = await f.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
  await f.authorizeCode();
  assert.equal((await f.worker.runOnce())['oauth-cleanup'], 0);
  f.clock.advance(2 * 86_400_000);
  const purged = await f.worker.runOnce();
  assert.equal(purged['oauth-cleanup'], 1 + 2, 'the session and two codes');
  assert.equal((await f.snapshot()).oauth_tokens?.length, 2, 'the rotated pair stays for reuse detection');
  f.clock.advance(31 * 86_400_000);
  await f.worker.runOnce();
  assert.deepEqual((await f.snapshot()).oauth_tokens, []);
  void rotated;
});

test('every OAuth and merchant endpoint is in /openapi.json with a summary, tags and described fields', async (t) => {
  const f = await buildOAuthFixture(t);
  const doc = (await f.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
  const expected = [
    'get /api/v1/openapi/get_oauth_authorize_url',
    'get /api/v1/openapi/oauth/authorize',
    'post /api/v1/openapi/oauth/token',
    'post /api/v1/openapi/oauth_revoke_token',
    'post /api/v1/openapi/oauth/disconnect',
    'get /api/v1/openapi/get_shop_authorization_info',
    'get /api/v1/openapi/get_shop_install_status',
    'post /api/v1/openapi/cancel_platform_authorization',
    'post /api/v1/openapi/merchant_sign_in',
    'get /api/v1/openapi/get_open_api_information',
    'get /api/v1/openapi/get_open_api_private_token',
    'post /api/v1/openapi/reset_open_api_private_token',
    'get /.well-known/oauth-authorization-server',
    'post /oauth/token',
    'post /oauth/revoke',
    'get /oauth/authorize',
    'post /oauth/authorize',
    'get /merchant/sign-in',
    'post /merchant/sign-in',
    'get /merchant',
    'post /merchant/platforms/disconnect',
    'post /merchant/sign-out',
  ];
  for (const key of expected) {
    const [method, path] = key.split(' ') as [string, string];
    const operation = doc.paths[path]?.[method];
    assert.ok(operation, `${key} is documented`);
    assert.ok(operation.summary && operation.tags?.length, `${key} has a summary and tags`);
  }
  const tokenBody = JSON.stringify(doc.paths['/api/v1/openapi/oauth/token']?.post);
  assert.match(tokenBody, /authorization_code, refresh_token or client_credentials/);
});
