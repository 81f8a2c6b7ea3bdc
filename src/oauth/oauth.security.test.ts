import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildOAuthFixture, PASSWORD_A, REDIRECT } from './oauth.test-support.ts';
import { hiddenFields, PageSession } from './oauth.pages.test-support.ts';

const keyword = (res: { code: number; message: string }) => [res.code, res.message.split(':')[0]];

test('an authorization code works once; its second use fails and revokes the tokens issued from it', async (t) => {
  const f = await buildOAuthFixture(t);
  const code = await f.authorizeCode();
  const first = await f.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  assert.equal(first.code, 0);
  const refreshed = await f.token({ grant_type: 'refresh_token', refresh_token: first.data.refresh_token });
  assert.equal(refreshed.code, 0);
  const second = await f.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  assert.deepEqual(keyword(second), [3, 'invalid_grant']);
  assert.equal((await f.bearer(refreshed.data.access_token as string, 'GET', 'get_reviews')).code, 16, 'tokens descended from the code are revoked too');
});

test('codes are bound to the redirect URI, the client, PKCE and a 10-minute life', async (t) => {
  const f = await buildOAuthFixture(t);
  const other = await buildOAuthFixture(t);
  const wrongRedirect = await f.token({ grant_type: 'authorization_code', code: await f.authorizeCode(), redirect_uri: 'http://127.0.0.1:9/cb' });
  assert.deepEqual(keyword(wrongRedirect), [3, 'invalid_grant']);

  const verifier = 'v'.repeat(50);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const pkceCode = () => f.authorizeCode({ extra: { code_challenge: challenge, code_challenge_method: 'S256' } });
  assert.deepEqual(keyword(await f.token({ grant_type: 'authorization_code', code: await pkceCode(), redirect_uri: REDIRECT, code_verifier: 'w'.repeat(50) })), [3, 'invalid_grant']);
  assert.deepEqual(keyword(await f.token({ grant_type: 'authorization_code', code: await pkceCode(), redirect_uri: REDIRECT })), [3, 'invalid_grant']);
  assert.equal((await f.token({ grant_type: 'authorization_code', code: await pkceCode(), redirect_uri: REDIRECT, code_verifier: verifier })).code, 0);
  const plain = await f.api('GET', 'oauth/authorize', {
    query: { client_id: 'trustwill', redirect_uri: REDIRECT, scope: 'read_reviews', code_challenge: challenge, code_challenge_method: 'plain' },
    headers: { authorization: await f.merchantToken(), accept: 'application/json' },
  });
  assert.equal(plain.code, 3);

  const late = await f.authorizeCode();
  f.clock.advance(10 * 60_000);
  assert.deepEqual(keyword(await f.token({ grant_type: 'authorization_code', code: late, redirect_uri: REDIRECT })), [3, 'invalid_grant']);

  // Another platform with the same client_id in another deployment cannot redeem it; here: another client's secret.
  const stolen = await f.authorizeCode();
  const asOther = await f.api('POST', 'oauth/token', { body: { grant_type: 'authorization_code', code: stolen, redirect_uri: REDIRECT, client_id: 'trustwill', client_secret: other.clientSecret } });
  assert.equal(asOther.code, 16);
  assert.equal((await f.token({ grant_type: 'authorization_code', code: stolen, redirect_uri: REDIRECT })).code, 0, 'a refused attempt does not burn the code');
});

test('refresh tokens rotate: a retry within 60 s gets the same pair, a later reuse revokes the whole grant', async (t) => {
  const f = await buildOAuthFixture(t);
  const first = await f.tokensFor('read_reviews');
  const rotated = await f.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
  f.clock.advance(30_000);
  const retried = await f.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
  assert.equal(retried.code, 0, retried.message);
  assert.deepEqual([retried.data.access_token, retried.data.refresh_token, retried.data.expires_in], [rotated.data.access_token, rotated.data.refresh_token, 86370]);
  f.clock.advance(31_000);
  const reused = await f.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
  assert.deepEqual(keyword(reused), [3, 'invalid_grant']);
  assert.equal((await f.bearer(rotated.data.access_token as string, 'GET', 'get_reviews')).code, 16, 'the whole grant is revoked');
  assert.equal((await f.token({ grant_type: 'refresh_token', refresh_token: rotated.data.refresh_token })).code, 3);
  const info = await f.api('GET', 'get_shop_authorization_info', { query: { client_id: 'trustwill', client_secret: f.clientSecret, shop_id: String(f.shopA.shopId) } });
  assert.equal(info.data.is_authorized, false);
});

test('access tokens expire after 86400 s, refresh tokens after 30 days', async (t) => {
  const f = await buildOAuthFixture(t);
  const tokens = await f.tokensFor('read_reviews');
  f.clock.advance(86_399_000);
  assert.equal((await f.bearer(tokens.access_token, 'GET', 'get_reviews')).code, 0);
  f.clock.advance(1000);
  const expired = await f.bearer(tokens.access_token, 'GET', 'get_reviews');
  assert.deepEqual([expired.code, expired.message], [16, 'authentication failed: bearer token has expired']);
  const refreshed = await f.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
  assert.equal(refreshed.code, 0);
  f.clock.advance(30 * 86_400_000);
  assert.deepEqual(keyword(await f.token({ grant_type: 'refresh_token', refresh_token: refreshed.data.refresh_token })), [3, 'invalid_grant']);
  assert.deepEqual((await f.bearer('TWzg8XQGVsYDHAIiaXYygg==', 'GET', 'get_reviews')).message, 'authentication failed: unknown bearer token');
});

test('each scope is enforced on the data endpoints (code 7); write implies read; HMAC keeps full rights', async (t) => {
  const f = await buildOAuthFixture(t);
  const review = await f.shopA.client.createReview({ rating: 5, author: 'A' });
  const endpoints: { scope: string; call: (token: string) => Promise<{ code: number }> }[] = [
    { scope: 'read_reviews', call: (tk) => f.bearer(tk, 'GET', 'get_review', { query: { id: review.data.id } }) },
    { scope: 'read_reviews', call: (tk) => f.bearer(tk, 'GET', 'get_reviews') },
    { scope: 'read_reviews', call: (tk) => f.bearer(tk, 'GET', 'get_rating', { query: { is_all_rating: '1' } }) },
    { scope: 'write_reviews', call: (tk) => f.bearer(tk, 'POST', 'create_review', { body: { rating: 4, author: 'B' } }) },
    { scope: 'write_reviews', call: (tk) => f.bearer(tk, 'POST', 'delete_review', { body: { id: '999999' } }) },
  ];
  // One grant per (platform, shop): each token is checked right after its authorization.
  for (const scope of ['read_orders,read_customers,write_customers,read_customer_events', 'read_reviews', 'write_reviews']) {
    const token = (await f.tokensFor(scope)).access_token;
    for (const endpoint of endpoints) {
      const covered = scope === 'write_reviews' || scope === endpoint.scope;
      assert.equal((await endpoint.call(token)).code === 7, !covered, `${endpoint.scope} with a ${scope} token`);
    }
  }
  const readOnly = (await f.tokensFor('read_reviews')).access_token;
  const denied = await f.bearer(readOnly, 'POST', 'create_review', { body: { rating: 4, author: 'B' } });
  assert.equal(denied.message, 'permission denied: this token lacks the write_reviews scope');
  assert.equal((await f.shopA.client.createReview({ rating: 3, author: 'HMAC' })).code, 0);
});

test("re-authorising with fewer scopes narrows tokens already issued; a disabled platform's tokens stop at once", async (t) => {
  const f = await buildOAuthFixture(t);
  const wide = await f.tokensFor('read_reviews,write_reviews');
  assert.equal((await f.bearer(wide.access_token, 'POST', 'create_review', { body: { rating: 4, author: 'B' } })).code, 0);
  await f.authorizeCode({ scope: 'read_reviews' });
  assert.equal((await f.bearer(wide.access_token, 'POST', 'create_review', { body: { rating: 4, author: 'B' } })).code, 7);
  assert.equal((await f.bearer(wide.access_token, 'GET', 'get_reviews')).code, 0);
  const { setPlatformStatus } = await import('./platforms.service.ts');
  await setPlatformStatus({ db: f.database.db, clock: f.clock, secrets: f.app.secrets }, 'trustwill', 'disabled');
  assert.equal((await f.bearer(wide.access_token, 'GET', 'get_reviews')).code, 16);
  assert.equal((await f.token({ grant_type: 'refresh_token', refresh_token: wide.refresh_token })).code, 16);
});

test('a rotated client secret: the new one works, the old one until the grace period ends', async (t) => {
  const f = await buildOAuthFixture(t);
  const { rotatePlatformSecret, platformSigningSecret } = await import('./platforms.service.ts');
  const deps = { db: f.database.db, clock: f.clock, secrets: f.app.secrets };
  const rotated = await rotatePlatformSecret(deps, 'trustwill', 3600_000);
  assert.equal(await platformSigningSecret(f.database.db, f.app.secrets, 1), rotated.client_secret);
  assert.equal(await platformSigningSecret(f.database.db, f.app.secrets, 99), null);
  const info = (secret: string) => f.api('GET', 'get_shop_authorization_info', { query: { client_id: 'trustwill', client_secret: secret, shop_id: '1' } });
  assert.equal((await info(rotated.client_secret)).code, 0);
  assert.equal((await info(f.clientSecret)).code, 0);
  f.clock.advance(3600_000);
  assert.equal((await info(f.clientSecret)).code, 16);
  assert.equal((await info(rotated.client_secret)).code, 0);
});

test("shop A's token never touches shop B; a link made for shop B cannot be approved by shop A", async (t) => {
  const f = await buildOAuthFixture(t);
  const bReview = await f.shopB.client.createReview({ rating: 2, author: 'B', product_id: '5' });
  const tokenA = (await f.tokensFor('write_reviews')).access_token;
  const before = await f.snapshot();
  assert.equal((await f.bearer(tokenA, 'GET', 'get_review', { query: { id: bReview.data.id } })).code, 5);
  assert.equal((await f.bearer(tokenA, 'POST', 'delete_review', { body: { id: bReview.data.id } })).code, 5);
  assert.equal((await f.bearer<{ review_count: number }>(tokenA, 'GET', 'get_rating', { query: { product_id: '5' } })).data.review_count, 0);
  assert.deepEqual(await f.snapshot(), before);
  // Shop A's token cannot be revoked, disconnected or inspected by another platform.
  const other = await buildOAuthFixture(t, { clientId: 'instafeed' });
  void other;
  const hijack = await f.api('GET', 'oauth/authorize', {
    query: { client_id: 'trustwill', redirect_uri: REDIRECT, scope: 'read_reviews', shop_id: String(f.shopB.shopId) },
    headers: { authorization: await f.merchantToken('A'), accept: 'application/json' },
  });
  assert.deepEqual(keyword(hijack), [3, 'access_denied']);
  const infoB = await f.api('GET', 'get_shop_authorization_info', { query: { client_id: 'trustwill', client_secret: f.clientSecret, shop_id: String(f.shopB.shopId) } });
  assert.equal(infoB.data.is_authorized, false);
});

test("another platform cannot revoke this platform's token (code 16), and revoking an unknown token succeeds", async (t) => {
  const f = await buildOAuthFixture(t);
  const { createPlatform } = await import('./platforms.service.ts');
  const insta = await createPlatform({ db: f.database.db, clock: f.clock, secrets: f.app.secrets }, { name: 'Instafeed', clientId: 'instafeed', redirectUris: [REDIRECT], scopes: 'read_reviews' });
  const tokens = await f.tokensFor('read_reviews');
  const foreign = await f.api('POST', 'oauth_revoke_token', { body: { client_id: 'instafeed', client_secret: insta.client_secret, token: tokens.access_token } });
  assert.equal(foreign.code, 16);
  assert.equal((await f.bearer(tokens.access_token, 'GET', 'get_reviews')).code, 0);
  const unknown = await f.api('POST', 'oauth_revoke_token', { body: { client_id: 'instafeed', client_secret: insta.client_secret, token: 'bm90IGEgdG9rZW4=' } });
  assert.equal(unknown.code, 0);
  const viaRefresh = await f.api('POST', 'oauth_revoke_token', { body: { client_id: 'trustwill', client_secret: f.clientSecret, token: tokens.refresh_token } });
  assert.equal(viaRefresh.code, 0);
  assert.equal((await f.bearer(tokens.access_token, 'GET', 'get_reviews')).code, 16, 'revoking the refresh token revokes its access token');
});

test('open redirects: unregistered redirect URIs get an error page, never a Location; return_to stays on this site', async (t) => {
  const f = await buildOAuthFixture(t);
  const browser = new PageSession(f.app);
  await browser.signIn('/merchant/sign-in', 'owner@shop-a.test', PASSWORD_A);
  const before = await f.snapshot();
  for (const redirect of [
    'https://evil.example/cb',
    `${REDIRECT}/extra`,
    `${REDIRECT}?x=1`,
    'https://partner.example/oauth/callback#frag',
    'HTTPS://partner.example/oauth/callback',
    'javascript:alert(1)',
  ]) {
    const page = await browser.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: 'trustwill', redirect_uri: redirect, scope: 'read_reviews' })}`);
    assert.equal(page.statusCode, 400, redirect);
    assert.equal(page.headers.location, undefined);
    assert.match(page.body, /redirect_uri is not registered/);
    const api = await f.api('GET', 'get_oauth_authorize_url', { query: { client_id: 'trustwill', redirect_uri: redirect, scope: 'read_reviews' } });
    assert.equal(api.code, 3);
  }
  const unknownClient = await browser.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: 'evil', redirect_uri: 'https://evil.example/cb', scope: 'read_reviews' })}`);
  assert.deepEqual([unknownClient.statusCode, unknownClient.headers.location], [400, undefined]);
  assert.deepEqual(await f.snapshot(), before);

  for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/%0d%0aSet-Cookie:x=1', 'javascript:alert(1)']) {
    const fresh = new PageSession(f.app);
    const signedIn = await fresh.signIn(`/merchant/sign-in?return_to=${encodeURIComponent(returnTo)}`, 'owner@shop-a.test', PASSWORD_A);
    assert.equal(signedIn.statusCode, 303);
    assert.ok(
      ['/merchant', returnTo].includes(String(signedIn.headers.location)) && String(signedIn.headers.location).startsWith('/') && !String(signedIn.headers.location).startsWith('//'),
      `${returnTo} → ${signedIn.headers.location}`,
    );
    assert.equal(signedIn.headers.location, returnTo.startsWith('/%') ? returnTo : '/merchant');
  }
});

test('CSRF: the consent, sign-in and disconnect forms refuse a missing or foreign token; nothing is written', async (t) => {
  const f = await buildOAuthFixture(t);
  const browser = new PageSession(f.app);
  await browser.signIn('/merchant/sign-in', 'owner@shop-a.test', PASSWORD_A);
  const consent = await browser.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: 'trustwill', redirect_uri: REDIRECT, scope: 'read_reviews', state: 's' })}`);
  const fields = hiddenFields(consent.body);
  assert.ok(fields.csrf_token);
  const before = await f.snapshot();
  for (const csrf of [undefined, '', 'forged-token', fields.csrf_token + 'x']) {
    const { csrf_token: _drop, ...rest } = fields;
    const res = await browser.request('POST', '/oauth/authorize', { ...rest, ...(csrf === undefined ? {} : { csrf_token: csrf }), decision: 'approve' });
    assert.deepEqual([res.statusCode, res.headers.location], [400, undefined]);
  }
  // Another merchant's (valid) CSRF token does not work for this session.
  const otherBrowser = new PageSession(f.app);
  await otherBrowser.signIn('/merchant/sign-in', 'owner@shop-b.test', 'merchant-b-password');
  const otherConsent = hiddenFields((await otherBrowser.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: 'trustwill', redirect_uri: REDIRECT, scope: 'read_reviews' })}`)).body);
  const crossed = await browser.request('POST', '/oauth/authorize', { ...fields, csrf_token: otherConsent.csrf_token!, decision: 'approve' });
  assert.equal(crossed.statusCode, 400);
  // Without a session cookie at all (a cross-site post without SameSite cookies).
  const anonymous = await new PageSession(f.app).request('POST', '/oauth/authorize', { ...fields, decision: 'approve' });
  assert.deepEqual([anonymous.statusCode, anonymous.headers.location], [400, undefined]);
  const signInForgery = await new PageSession(f.app).request('POST', '/merchant/sign-in', { email: 'owner@shop-a.test', password: PASSWORD_A, csrf_token: 'x' });
  assert.deepEqual([signInForgery.statusCode, signInForgery.headers['set-cookie']], [400, undefined]);
  // Nothing but shop B's own sign-in session was written: no grant, no code.
  const after = await f.snapshot();
  assert.deepEqual({ ...after, merchant_sessions: [] }, { ...before, merchant_sessions: [] });
  assert.deepEqual([after.oauth_grants, after.oauth_codes], [[], []]);

  // The settings page's disconnect form needs the token too.
  await f.tokensFor('read_reviews');
  const settings = await browser.request('GET', '/merchant');
  assert.match(settings.body, /<strong>Trust Will<\/strong>/);
  const forged = await browser.request('POST', '/merchant/platforms/disconnect', { client_id: 'trustwill', csrf_token: 'forged' });
  assert.equal(forged.statusCode, 400);
  assert.equal((await f.api('GET', 'get_shop_authorization_info', { query: { client_id: 'trustwill', client_secret: f.clientSecret, shop_id: '1' } })).data.is_authorized, true);
  const real = await browser.request('POST', '/merchant/platforms/disconnect', { ...hiddenFields(settings.body) });
  assert.deepEqual([real.statusCode, real.headers.location], [303, '/merchant']);
  assert.equal((await f.api('GET', 'get_shop_authorization_info', { query: { client_id: 'trustwill', client_secret: f.clientSecret, shop_id: '1' } })).data.is_authorized, false);

  // The session cookie is HttpOnly and SameSite=Lax; pages cannot be framed.
  const fresh = new PageSession(f.app);
  const signInPage = await fresh.request('GET', '/merchant/sign-in');
  assert.equal(signInPage.headers['x-frame-options'], 'DENY');
  assert.match(String(signInPage.headers['content-security-policy']), /frame-ancestors 'none'/);
  const signedIn = await f.app.inject({
    method: 'POST',
    url: '/merchant/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `plaudit_login_csrf=${fresh.cookies.get('plaudit_login_csrf')}` },
    payload: new URLSearchParams({ ...hiddenFields(signInPage.body), email: 'owner@shop-a.test', password: PASSWORD_A }).toString(),
  });
  assert.deepEqual(cookieAttributes(signedIn.headers['set-cookie']), { name: 'plaudit_session', attributes: ['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Lax'] });
});

test('behind a TLS proxy (TRUST_PROXY=1, X-Forwarded-Proto: https) the session cookie is Secure', async (t) => {
  const f = await buildOAuthFixture(t, {}, { TRUST_PROXY: '1' });
  const page = await f.app.inject({ method: 'GET', url: '/merchant/sign-in', headers: { 'x-forwarded-proto': 'https' } });
  const csrf = /plaudit_login_csrf=([\w-]+)/.exec(String(page.headers['set-cookie']))![1]!;
  assert.ok(cookieAttributes(page.headers['set-cookie']).attributes.includes('Secure'));
  const signedIn = await f.app.inject({
    method: 'POST',
    url: '/merchant/sign-in',
    headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded', cookie: `plaudit_login_csrf=${csrf}` },
    payload: new URLSearchParams({ ...hiddenFields(page.body), email: 'owner@shop-a.test', password: PASSWORD_A }).toString(),
  });
  assert.deepEqual(cookieAttributes(signedIn.headers['set-cookie']), { name: 'plaudit_session', attributes: ['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Lax', 'Secure'] });
});

test('approvals racing for the same shop end with one active grant', async (t) => {
  const f = await buildOAuthFixture(t);
  const { upsertActiveGrant } = await import('./oauth.queries.ts');
  const ids = await Promise.all([1, 2, 3].map((n) => upsertActiveGrant(f.database.db, 1, f.shopA.shopId, n === 3 ? 'read_reviews,write_reviews' : 'read_reviews', f.clock.now())));
  assert.equal(new Set(ids).size, 1);
  assert.equal((await f.snapshot()).oauth_grants?.length, 1);
});

test('ten failed sign-ins in a row lock the account for 15 minutes, even for the right password', async (t) => {
  const f = await buildOAuthFixture(t);
  const signIn = (password: string) => f.api('POST', 'merchant_sign_in', { body: { email: 'owner@shop-a.test', password } });
  for (let i = 0; i < 9; i++) assert.equal((await signIn('wrong-password')).code, 16);
  assert.equal((await signIn(PASSWORD_A)).code, 0, 'a success resets the count');
  for (let i = 0; i < 10; i++) assert.equal((await signIn('wrong-password')).code, 16);
  assert.equal((await signIn(PASSWORD_A)).code, 16, 'locked');
  const browser = new PageSession(f.app);
  const page = await browser.signIn('/merchant/sign-in', 'owner@shop-a.test', PASSWORD_A);
  assert.deepEqual([page.statusCode, browser.cookies.has('plaudit_session')], [401, false]);
  f.clock.advance(15 * 60_000);
  assert.equal((await signIn(PASSWORD_A)).code, 0);
});

/** A Set-Cookie line's name (its value a 43-character token) and its attributes in sorted order. */
function cookieAttributes(header: unknown): { name: string; attributes: string[] } {
  const [pair, ...attributes] = String(header).split('; ');
  const [name, value] = pair!.split('=');
  assert.match(value!, /^[\w-]{32,43}$/);
  return { name: name!, attributes: attributes.sort() };
}
