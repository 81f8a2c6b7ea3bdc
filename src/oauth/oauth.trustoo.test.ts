import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOAuthFixture, REDIRECT } from './oauth.test-support.ts';

test('Trustoo flow: authorize URL → sign-in → consent → code → token → data → refresh → revoke → refused', async (t) => {
  const f = await buildOAuthFixture(t);
  await f.shopA.client.createReview({ rating: 4, author: 'Ann', product_id: '7' });

  const url = await f.api<{ authorize_url: string }>('GET', 'get_oauth_authorize_url', {
    query: { client_id: 'trustwill', redirect_uri: REDIRECT, state: '123456789', scope: 'read_reviews' },
  });
  assert.equal(url.code, 0, url.message);
  const authorizeUrl = new URL(url.data.authorize_url);
  assert.equal(authorizeUrl.origin + authorizeUrl.pathname, 'https://plaudit.test/oauth/authorize');
  assert.deepEqual(Object.fromEntries(authorizeUrl.searchParams), {
    client_id: 'trustwill',
    redirect_uri: REDIRECT,
    scope: 'read_reviews',
    state: '123456789',
    response_type: 'code',
  });

  // A1 without a session is code 16; with one it redirects with the code and the untouched state.
  const anonymous = await f.api('GET', 'oauth/authorize', { query: Object.fromEntries(authorizeUrl.searchParams) });
  assert.equal(anonymous.code, 16);
  const session = await f.merchantToken('A');
  const redirected = await f.app.inject({ method: 'GET', url: `/api/v1/openapi/oauth/authorize${authorizeUrl.search}`, headers: { authorization: session } });
  assert.equal(redirected.statusCode, 302);
  const callback = new URL(String(redirected.headers.location));
  assert.equal(callback.origin + callback.pathname, REDIRECT);
  assert.equal(callback.searchParams.get('state'), '123456789');
  const code = callback.searchParams.get('code')!;
  assert.match(code, /^[A-Za-z0-9+/]{22}==$/);

  const issued = await f.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  assert.equal(issued.code, 0, issued.message);
  const tokens = issued.data as Record<string, unknown>;
  assert.deepEqual(
    { ...tokens, access_token: 'A', refresh_token: 'R' },
    {
      access_token: 'A',
      token_type: 'Bearer',
      expires_in: 86400,
      refresh_token: 'R',
      refresh_token_expires_in: 2592000,
      scope: 'read_reviews',
      shop_id: String(f.shopA.shopId),
      myshopify_domain: 'shop-a.myshopify.com',
    },
  );
  const access = tokens.access_token as string;
  const rating = await f.bearer<{ review_count: number }>(access, 'GET', 'get_rating', { query: { is_all_rating: '1' } });
  assert.equal(rating.code, 0, rating.message);
  assert.equal(rating.data.review_count, 1);

  const info = await f.api('GET', 'get_shop_authorization_info', { query: { client_id: 'trustwill', client_secret: f.clientSecret, myshopify_domain: 'shop-a.myshopify.com' } });
  assert.deepEqual(info.data, {
    is_authorized: true,
    authorized_at: '2026-06-01T12:00:00Z',
    granted_scopes: 'read_reviews',
    shop_id: String(f.shopA.shopId),
    myshopify_domain: 'shop-a.myshopify.com',
  });

  const refreshed = await f.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
  assert.equal(refreshed.code, 0, refreshed.message);
  const access2 = refreshed.data.access_token as string;
  assert.notEqual(access2, access);
  assert.equal((await f.bearer(access, 'GET', 'get_rating', { query: { is_all_rating: '1' } })).code, 16, 'the replaced access token stops working');
  assert.equal((await f.bearer(access2, 'GET', 'get_rating', { query: { is_all_rating: '1' } })).code, 0);

  const revoked = await f.api('POST', 'oauth_revoke_token', { body: { client_id: 'trustwill', client_secret: f.clientSecret, token: access2 } });
  assert.deepEqual([revoked.code, revoked.data], [0, {}]);
  const refused = await f.bearer(access2, 'GET', 'get_rating', { query: { is_all_rating: '1' } });
  assert.deepEqual([refused.code, refused.message], [16, 'authentication failed: bearer token was revoked']);
  const pairRefresh = await f.token({ grant_type: 'refresh_token', refresh_token: refreshed.data.refresh_token });
  assert.equal(pairRefresh.code, 3, 'revoking the access token revokes its refresh token');
  assert.match(pairRefresh.message, /^invalid_grant: /);
  // The grant itself stays after a token revocation.
  const still = await f.api('GET', 'get_shop_authorization_info', { query: { client_id: 'trustwill', client_secret: f.clientSecret, shop_id: String(f.shopA.shopId) } });
  assert.equal(still.data.is_authorized, true);
});

test('A1 JSON variant returns {code, redirect_url, state}; a registered URI keeps its own query', async (t) => {
  const f = await buildOAuthFixture(t, { redirectUris: ['https://partner.example/cb?app=1'] });
  const res = await f.api<{ code: string; redirect_url: string; state: string }>('GET', 'oauth/authorize', {
    query: { client_id: 'trustwill', redirect_uri: 'https://partner.example/cb?app=1', scope: 'read_reviews write_reviews', state: 'a b/&c' },
    headers: { authorization: `Bearer ${await f.merchantToken()}`, accept: 'application/json' },
  });
  assert.equal(res.code, 0, res.message);
  const url = new URL(res.data.redirect_url);
  assert.deepEqual([url.searchParams.get('app'), url.searchParams.get('code'), url.searchParams.get('state')], ['1', res.data.code, 'a b/&c']);
  assert.equal(res.data.state, 'a b/&c');
});

test('disconnect (bearer) and cancel (client credentials) revoke the grant; install status remembers the first install', async (t) => {
  const f = await buildOAuthFixture(t);
  const events: string[] = [];
  f.app.oauthHooks.onPlatformDisconnected.push(async (_trx, e) => void events.push(`${e.platformId}:${e.shopId}:${e.reason}`));
  const first = await f.tokensFor('read_reviews');
  f.clock.advance(3600_000);
  const hmacDisconnect = await f.shopA.client.call('POST', 'oauth/disconnect');
  assert.equal(hmacDisconnect.code, 16, 'disconnect takes a bearer token only');
  const disconnected = await f.bearer(first.access_token, 'POST', 'oauth/disconnect');
  assert.deepEqual([disconnected.code, disconnected.data], [0, {}]);
  assert.equal((await f.bearer(first.access_token, 'GET', 'get_reviews')).code, 16);
  assert.equal((await f.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).code, 3);
  const creds = { client_id: 'trustwill', client_secret: f.clientSecret, shop_id: String(f.shopA.shopId) };
  const info = await f.api('GET', 'get_shop_authorization_info', { query: creds });
  assert.deepEqual(info.data, { is_authorized: false, authorized_at: '', granted_scopes: '', shop_id: String(f.shopA.shopId), myshopify_domain: 'shop-a.myshopify.com' });
  const installed = await f.api('GET', 'get_shop_install_status', { query: creds });
  assert.deepEqual(installed.data, { is_installed: 1, installed_at: '2026-06-01T12:00:00Z', shop_id: String(f.shopA.shopId), myshopify_domain: 'shop-a.myshopify.com' });

  // Re-authorising creates a fresh grant; installed_at keeps the first value.
  const second = await f.tokensFor('read_reviews,write_reviews');
  const reinfo = await f.api('GET', 'get_shop_authorization_info', { query: creds });
  assert.deepEqual([reinfo.data.is_authorized, reinfo.data.authorized_at, reinfo.data.granted_scopes], [true, '2026-06-01T13:00:00Z', 'read_reviews,write_reviews']);
  assert.equal((await f.api('GET', 'get_shop_install_status', { query: creds })).data.installed_at, '2026-06-01T12:00:00Z');
  const cancelled = await f.api('POST', 'cancel_platform_authorization', { body: { client_id: 'trustwill', client_secret: f.clientSecret, myshopify_domain: 'shop-a.myshopify.com' } });
  assert.deepEqual([cancelled.code, cancelled.data], [0, {}]);
  assert.equal((await f.bearer(second.access_token, 'GET', 'get_reviews')).code, 16);
  const again = await f.api('POST', 'cancel_platform_authorization', { body: { client_id: 'trustwill', client_secret: f.clientSecret, shop_id: f.shopA.shopId } });
  assert.equal(again.code, 0, 'idempotent');
  assert.equal((await f.bearer(first.access_token, 'POST', 'oauth/disconnect')).code, 16);
  assert.deepEqual(events, [`1:${f.shopA.shopId}:platform_disconnected`, `1:${f.shopA.shopId}:platform_disconnected`]);
  // HMAC access is unaffected by any of this.
  assert.equal((await f.shopA.client.getReviews()).code, 0);
});

test('install status needs the platform permission (code 7); an unknown shop is simply not authorised', async (t) => {
  const f = await buildOAuthFixture(t, { canReadInstallStatus: false });
  const creds = { client_id: 'trustwill', client_secret: f.clientSecret };
  assert.equal((await f.api('GET', 'get_shop_install_status', { query: { ...creds, shop_id: '1' } })).code, 7);
  const unknown = await f.api('GET', 'get_shop_authorization_info', { query: { ...creds, myshopify_domain: 'nobody.myshopify.com' } });
  assert.deepEqual(unknown, { ...unknown, code: 0, data: { is_authorized: false, authorized_at: '', granted_scopes: '', shop_id: '', myshopify_domain: 'nobody.myshopify.com' } });
});

test('client_credentials: only for flagged platforms, no refresh token, scopes narrowed on request', async (t) => {
  const f = await buildOAuthFixture(t, { skipShopOauth: true, scopes: 'read_reviews,write_reviews' });
  const res = await f.token({ grant_type: 'client_credentials', myshopify_domain: 'shop-b.myshopify.com', scope: 'read_reviews' });
  assert.equal(res.code, 0, res.message);
  assert.deepEqual(Object.keys(res.data).sort(), ['access_token', 'expires_in', 'myshopify_domain', 'scope', 'shop_id', 'token_type']);
  assert.deepEqual([res.data.scope, res.data.shop_id], ['read_reviews', String(f.shopB.shopId)]);
  const access = res.data.access_token as string;
  assert.equal((await f.bearer(access, 'GET', 'get_reviews')).code, 0);
  assert.equal((await f.bearer(access, 'POST', 'create_review', { body: { rating: 5, author: 'X' } })).code, 7);
  const wider = await f.token({ grant_type: 'client_credentials', shop_id: f.shopB.shopId, scope: 'read_orders' });
  assert.deepEqual([wider.code, wider.message.split(':')[0]], [3, 'invalid_scope']);
  const noShop = await f.token({ grant_type: 'client_credentials' });
  assert.deepEqual([noShop.code, noShop.message.split(':')[0]], [3, 'invalid_request']);

  const plain = await buildOAuthFixture(t);
  const refused = await plain.token({ grant_type: 'client_credentials', shop_id: plain.shopA.shopId });
  assert.deepEqual([refused.code, refused.message.split(':')[0]], [3, 'unauthorized_client']);
});

test("merchant helpers return the signed-in shop's own tokens; reset rotates the private token only", async (t) => {
  const f = await buildOAuthFixture(t);
  const session = await f.merchantToken('A');
  const pub = await f.api('GET', 'get_open_api_information', { headers: { authorization: session } });
  assert.deepEqual(pub.data, { public_token: f.shopA.credentials.public_token });
  const priv = await f.api('GET', 'get_open_api_private_token', { headers: { authorization: `Bearer ${session}` } });
  assert.deepEqual(priv.data, { private_token: f.shopA.credentials.private_token });
  assert.equal((await f.api('GET', 'get_open_api_private_token')).code, 16);
  assert.equal((await f.api('GET', 'get_open_api_private_token', { headers: { authorization: 'Bearer nope' } })).code, 16);
  const tokens = await f.tokensFor('read_reviews');
  const reset = await f.api<{ private_token: string }>('POST', 'reset_open_api_private_token', { headers: { authorization: session } });
  assert.equal(reset.code, 0);
  assert.notEqual(reset.data.private_token, f.shopA.credentials.private_token);
  assert.equal((await f.shopA.client.getReviews()).code, 16, 'the old private token stops working');
  assert.equal((await f.clientFor({ ...f.shopA.credentials, private_token: reset.data.private_token }).getReviews()).code, 0);
  assert.equal((await f.bearer(tokens.access_token, 'GET', 'get_reviews')).code, 0, 'platform tokens are unaffected');
  const wrong = await f.api('POST', 'merchant_sign_in', { body: { email: 'owner@shop-a.test', password: 'wrong-password!' } });
  assert.deepEqual([wrong.code, wrong.data], [16, null]);
});
