import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOAuthFixture, REDIRECT } from './oauth.test-support.ts';

test('bad input on every OAuth and merchant endpoint: the exact code, never a 5xx, nothing written', async (t) => {
  const f = await buildOAuthFixture(t);
  const session = await f.merchantToken('A');
  const live = await f.tokensFor('read_reviews');
  const good = { client_id: 'trustwill', client_secret: f.clientSecret };
  const authorize = { client_id: 'trustwill', redirect_uri: REDIRECT, scope: 'read_reviews' };
  const before = await f.snapshot();

  type Case = [method: 'GET' | 'POST', path: string, input: { query?: Record<string, string>; body?: string; headers?: Record<string, string> }, code: number];
  const json = (value: unknown) => JSON.stringify(value);
  const cases: Case[] = [
    ['GET', 'get_oauth_authorize_url', { query: { redirect_uri: REDIRECT, scope: 'read_reviews' } }, 3],
    ['GET', 'get_oauth_authorize_url', { query: { ...authorize, client_id: 'nobody' } }, 3],
    ['GET', 'get_oauth_authorize_url', { query: { ...authorize, redirect_uri: '' } }, 3],
    ['GET', 'get_oauth_authorize_url', { query: { ...authorize, scope: '' } }, 3],
    ['GET', 'get_oauth_authorize_url', { query: { ...authorize, scope: 'read_reviews,admin' } }, 3],
    ['GET', 'get_oauth_authorize_url', { query: { ...authorize, state: 's'.repeat(513) } }, 3],
    ['GET', 'get_oauth_authorize_url', { query: { ...authorize, response_type: 'token' } }, 3],
    ['GET', 'get_oauth_authorize_url', { query: { ...authorize, code_challenge: 'short', code_challenge_method: 'S256' } }, 3],
    ['GET', 'get_oauth_authorize_url', { query: { ...authorize, client_id: ['a', 'b'] as never } }, 3],
    ['GET', 'oauth/authorize', { query: authorize }, 16],
    ['GET', 'oauth/authorize', { query: authorize, headers: { authorization: 'Bearer not-a-session' } }, 16],
    ['GET', 'oauth/authorize', { query: authorize, headers: { authorization: live.access_token } }, 16],
    ['GET', 'oauth/authorize', { query: { ...authorize, client_id: 'nobody' }, headers: { authorization: session } }, 3],
    ['GET', 'oauth/authorize', { query: { ...authorize, redirect_uri: 'https://evil.example/' }, headers: { authorization: session } }, 3],
    ['GET', 'oauth/authorize', { query: { ...authorize, scope: 'everything' }, headers: { authorization: session } }, 3],
    ['POST', 'oauth/token', { body: '{not json' }, 3],
    ['POST', 'oauth/token', { body: json([1, 2]) }, 3],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 5 }) }, 3],
    ['POST', 'oauth/token', { body: json({ grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT }) }, 16],
    ['POST', 'oauth/token', { body: json({ ...good, client_secret: 'wrong', grant_type: 'refresh_token', refresh_token: live.refresh_token }) }, 16],
    ['POST', 'oauth/token', { body: json({ ...good, client_id: 'nobody', grant_type: 'refresh_token', refresh_token: 'x' }) }, 16],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 'password' }) }, 3],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 'authorization_code', redirect_uri: REDIRECT }) }, 3],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 'authorization_code', code: 'x' }) }, 3],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 'authorization_code', code: 12, redirect_uri: REDIRECT }) }, 3],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 'refresh_token' }) }, 3],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 'refresh_token', refresh_token: live.refresh_token, scope: 'write_reviews' }) }, 3],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 'client_credentials', shop_id: 'abc' }) }, 3],
    ['POST', 'oauth/token', { body: json({ ...good, grant_type: 'x'.repeat(51) }) }, 3],
    ['POST', 'oauth_revoke_token', { body: json(good) }, 3],
    ['POST', 'oauth_revoke_token', { body: json({ ...good, client_secret: 'nope', token: live.access_token }) }, 16],
    ['POST', 'oauth_revoke_token', { body: json({ ...good, token: ['x'] }) }, 3],
    ['POST', 'oauth_revoke_token', { body: 'token=x' }, 3],
    ['POST', 'oauth/disconnect', {}, 16],
    ['POST', 'oauth/disconnect', { headers: { authorization: 'Bearer nope' } }, 16],
    ['GET', 'get_shop_authorization_info', { query: { client_id: 'trustwill', client_secret: 'wrong', shop_id: '1' } }, 16],
    ['GET', 'get_shop_authorization_info', { query: { shop_id: '1' } }, 16],
    ['GET', 'get_shop_authorization_info', { query: good }, 3],
    ['GET', 'get_shop_authorization_info', { query: { ...good, shop_id: 'abc' } }, 3],
    ['GET', 'get_shop_install_status', { query: { ...good, client_secret: '', shop_id: '1' } }, 16],
    ['GET', 'get_shop_install_status', { query: good }, 3],
    ['POST', 'cancel_platform_authorization', { body: json({ ...good, client_secret: 'x', shop_id: 1 }) }, 16],
    ['POST', 'cancel_platform_authorization', { body: json(good) }, 3],
    ['POST', 'cancel_platform_authorization', { body: json({ ...good, shop_id: -1 }) }, 3],
    ['POST', 'cancel_platform_authorization', { body: '' }, 3],
    ['POST', 'merchant_sign_in', { body: json({ email: 'owner@shop-a.test' }) }, 3],
    ['POST', 'merchant_sign_in', { body: json({ email: 'owner@shop-a.test', password: 'wrong-password' }) }, 16],
    ['POST', 'merchant_sign_in', { body: json({ email: 'nobody@shop-a.test', password: 'whatever-password' }) }, 16],
    ['POST', 'merchant_sign_in', { body: '<xml/>' }, 3],
    ['GET', 'get_open_api_information', {}, 16],
    ['GET', 'get_open_api_private_token', { headers: { authorization: 'Bearer ' + live.access_token } }, 16],
    ['POST', 'reset_open_api_private_token', {}, 16],
    ['POST', 'reset_open_api_private_token', { headers: { cookie: `plaudit_session=${session}` } }, 16],
  ];
  for (const [method, path, input, code] of cases) {
    const search = input.query ? `?${new URLSearchParams(input.query as Record<string, string>)}` : '';
    const res = await f.app.inject({
      method,
      url: `/api/v1/openapi/${path}${search}`,
      headers: { ...(input.body === undefined ? {} : { 'content-type': 'application/json' }), ...input.headers },
      ...(input.body === undefined ? {} : { payload: input.body }),
    });
    const label = `${method} ${path} ${JSON.stringify(input).slice(0, 160)}`;
    assert.equal(res.statusCode, 200, label);
    const body = res.json();
    assert.deepEqual([body.code, body.data], [code, null], `${label}: ${body.message}`);
    assert.doesNotMatch(body.message, new RegExp(f.clientSecret.replace(/[-_]/g, '.')), 'secrets never echo');
  }

  // The standard surface and the pages: RFC errors and error pages, never a 5xx.
  const standard: [string, string, Record<string, string>, number][] = [
    ['/oauth/revoke', 'client_id=trustwill&client_secret=' + encodeURIComponent(f.clientSecret), {}, 400],
    ['/oauth/revoke', 'token=x', {}, 401],
    ['/oauth/revoke', 'token=x', { authorization: 'Bearer abc' }, 401],
    ['/oauth/token', 'grant_type=refresh_token&refresh_token=x', { authorization: 'Basic !!!' }, 401],
    ['/oauth/token', 'grant_type=refresh_token&refresh_token=x', { authorization: 'Basic ' + Buffer.from('no-colon').toString('base64') }, 401],
    ['/oauth/token', `grant_type=refresh_token&refresh_token=x&client_secret=x`, { authorization: 'Basic ' + Buffer.from(`trustwill:${f.clientSecret}`).toString('base64') }, 400],
    ['/oauth/token', '%%%=%%%', {}, 400],
  ];
  for (const [url, payload, headers, status] of standard) {
    const res = await f.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });
    assert.equal(res.statusCode, status, `${url} ${payload}`);
    assert.equal(typeof res.json().error, 'string');
  }
  const pages: ['GET' | 'POST', string, string | undefined, number][] = [
    ['GET', '/oauth/authorize', undefined, 400],
    ['GET', '/oauth/authorize?client_id=trustwill', undefined, 400],
    ['POST', '/oauth/authorize', 'client_id=trustwill', 400],
    ['POST', '/merchant/sign-in', 'email=a', 400],
    ['POST', '/merchant/platforms/disconnect', 'client_id=trustwill', 303],
    ['GET', '/merchant/sign-in?return_to=%ZZ', undefined, 200],
  ];
  for (const [method, url, payload, status] of pages) {
    const res = await f.app.inject({ method, url, ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } }) });
    assert.equal(res.statusCode, status, `${method} ${url}`);
    if (status === 400) assert.match(String(res.headers['content-type']), /^text\/html/);
  }
  const jsonToPage = await f.app.inject({ method: 'POST', url: '/merchant/sign-in', headers: { 'content-type': 'application/json' }, payload: '{}' });
  assert.equal(jsonToPage.statusCode, 400);

  // The only write: the failed sign-in counter of the merchant whose password was wrong.
  const after = await f.snapshot();
  const withoutCounter = (rows: unknown[] | undefined) => (rows ?? []).map((r) => String(r).replace(/"failed_sign_ins":\d+/, ''));
  assert.deepEqual({ ...after, merchants: withoutCounter(after.merchants) }, { ...before, merchants: withoutCounter(before.merchants) });
  assert.match(String(after.merchants?.find((r) => String(r).includes('owner@shop-a.test'))), /"failed_sign_ins":1/);
});

test('untrusted text on the pages is escaped', async (t) => {
  const f = await buildOAuthFixture(t, { name: '<script>alert("x")</script> & Co' });
  const { PageSession } = await import('./oauth.pages.test-support.ts');
  const browser = new PageSession(f.app);
  await browser.signIn('/merchant/sign-in', 'owner@shop-a.test', 'merchant-a-password');
  const page = await browser.request(
    'GET',
    `/oauth/authorize?${new URLSearchParams({ client_id: 'trustwill', redirect_uri: REDIRECT, scope: 'read_reviews', state: '"><img src=x onerror=alert(1)>' })}`,
  );
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /<script>|<img/);
  assert.match(page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; Co/);
  assert.match(page.body, /value="&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;"/);
  const wrong = await browser.request('POST', '/merchant/sign-in', { csrf_token: browser.cookies.get('plaudit_login_csrf')!, email: '"><b>x</b>', password: 'x' });
  assert.equal(wrong.statusCode, 401);
  assert.doesNotMatch(wrong.body, /<b>x<\/b>/);
});
