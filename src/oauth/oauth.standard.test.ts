import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import type { FastifyInstance } from 'fastify';
import { buildOAuthFixture, PASSWORD_A, REDIRECT } from './oauth.test-support.ts';
import { hiddenFields, PageSession } from './oauth.pages.test-support.ts';

/** oauth4webapi's requests go through the real app (app.inject), not a socket. */
const injectFetch =
  (app: FastifyInstance) =>
  async (input: string, init: { method?: string; headers?: Record<string, string> | Headers; body?: unknown }): Promise<Response> => {
    const url = new URL(input);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const response = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers,
      ...(init.body ? { payload: String(init.body) } : {}),
    });
    const responseHeaders = new Headers();
    for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) responseHeaders.set(k, String(v));
    return new Response(response.statusCode === 204 ? null : response.body, { status: response.statusCode, headers: responseHeaders });
  };

test('standard surface: oauth4webapi drives discovery, PKCE code flow through the pages, data, refresh, revocation', async (t) => {
  const f = await buildOAuthFixture(t);
  const issuer = new URL('https://plaudit.test');
  const options = { [oauth.customFetch]: injectFetch(f.app) };
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...options }));
  assert.equal(as.token_endpoint, 'https://plaudit.test/oauth/token');
  assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
  const client: oauth.Client = { client_id: f.clientId };
  const clientAuth = oauth.ClientSecretBasic(f.clientSecret);

  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authUrl = new URL(as.authorization_endpoint!);
  for (const [k, v] of Object.entries({
    client_id: f.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'read_reviews',
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }))
    authUrl.searchParams.set(k, v);

  // The merchant: not signed in → sign-in page → back to the consent page → approve.
  const browser = new PageSession(f.app);
  const first = await browser.request('GET', authUrl.pathname + authUrl.search);
  assert.equal(first.statusCode, 303);
  const signedIn = await browser.signIn(String(first.headers.location), 'owner@shop-a.test', PASSWORD_A);
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, authUrl.pathname + authUrl.search);
  const consent = await browser.request('GET', String(signedIn.headers.location));
  assert.equal(consent.statusCode, 200);
  assert.match(consent.body, /Trust Will<\/span> wants access to <span id="shop-domain">shop-a\.myshopify\.com/);
  assert.match(consent.body, /Read your reviews and star ratings/);
  const approved = await browser.request('POST', '/oauth/authorize', { ...hiddenFields(consent.body), decision: 'approve' });
  assert.equal(approved.statusCode, 303);
  const callback = new URL(String(approved.headers.location));

  const params = oauth.validateAuthResponse(as, client, callback, state);
  const codeResponse = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, REDIRECT, verifier, options);
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, codeResponse);
  assert.equal(tokens.token_type, 'bearer');
  assert.equal(tokens.scope, 'read_reviews');
  assert.equal(tokens.expires_in, 86400);

  await f.shopA.client.createReview({ rating: 5, author: 'Ann' });
  const data = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL('https://plaudit.test/api/v1/openapi/get_rating?is_all_rating=1'), undefined, undefined, options);
  assert.equal(((await data.json()) as { data: { review_count: number } }).data.review_count, 1);

  const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.ClientSecretPost(f.clientSecret), tokens.refresh_token!, options));
  assert.notEqual(refreshed.access_token, tokens.access_token);

  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, refreshed.access_token, options));
  const refused = await oauth.protectedResourceRequest(refreshed.access_token, 'GET', new URL('https://plaudit.test/api/v1/openapi/get_rating?is_all_rating=1'), undefined, undefined, options);
  assert.equal(((await refused.json()) as { code: number }).code, 16);
});

test('standard token endpoint answers RFC 6749 errors; the deny button redirects with access_denied', async (t) => {
  const f = await buildOAuthFixture(t);
  const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    f.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(fields).toString() });
  const basic = 'Basic ' + Buffer.from(`${f.clientId}:wrong`).toString('base64');
  const badClient = await form({ grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT }, { authorization: basic });
  assert.deepEqual(
    [badClient.statusCode, badClient.json(), badClient.headers['www-authenticate']],
    [401, { error: 'invalid_client', error_description: 'invalid client_id or client_secret' }, 'Basic realm="plaudit"'],
  );
  const creds = { client_id: f.clientId, client_secret: f.clientSecret };
  const cases: [Record<string, string>, string][] = [
    [{ ...creds, grant_type: 'password' }, 'unsupported_grant_type'],
    [{ ...creds }, 'invalid_request'],
    [{ ...creds, grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT }, 'invalid_grant'],
    [{ ...creds, grant_type: 'refresh_token', refresh_token: 'nope' }, 'invalid_grant'],
    [{ ...creds, grant_type: 'client_credentials', shop_id: '1' }, 'unauthorized_client'],
  ];
  for (const [fields, error] of cases) {
    const res = await form(fields);
    assert.equal(res.statusCode, 400, JSON.stringify(fields));
    assert.equal(res.json().error, error);
    assert.equal(res.headers['cache-control'], 'no-store');
  }
  const repeated = await f.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=a&grant_type=b' });
  assert.deepEqual([repeated.statusCode, repeated.json().error], [400, 'invalid_request']);
  const json = await f.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ...creds, grant_type: 'refresh_token' }) });
  assert.deepEqual([json.statusCode, json.json().error], [400, 'invalid_request']);

  const browser = new PageSession(f.app);
  await browser.signIn('/merchant/sign-in', 'owner@shop-a.test', PASSWORD_A);
  const consent = await browser.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: f.clientId, redirect_uri: REDIRECT, scope: 'read_reviews', state: 's1' })}`);
  const denied = await browser.request('POST', '/oauth/authorize', { ...hiddenFields(consent.body), decision: 'deny' });
  const location = new URL(String(denied.headers.location));
  assert.deepEqual([location.searchParams.get('error'), location.searchParams.get('state'), location.searchParams.get('code')], ['access_denied', 's1', null]);
  const badScope = await browser.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: f.clientId, redirect_uri: REDIRECT, scope: 'read_everything', state: 's2' })}`);
  const scopeError = new URL(String(badScope.headers.location));
  assert.deepEqual([scopeError.origin + scopeError.pathname, scopeError.searchParams.get('error'), scopeError.searchParams.get('state')], [REDIRECT, 'invalid_scope', 's2']);
});
