import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { createMerchant } from '../merchants/merchants.service.ts';
import { createPlatform, type NewPlatformInput } from './platforms.service.ts';

export const REDIRECT = 'https://partner.example/oauth/callback';
export const PASSWORD_A = 'merchant-a-password';
export const PASSWORD_B = 'merchant-b-password';

export interface Envelope<T = Record<string, unknown>> {
  code: number;
  message: string;
  data: T;
}

export interface OAuthFixture extends TestApp {
  clientId: string;
  clientSecret: string;
  /** JSON call to /api/v1/openapi/<endpoint>; `headers` adds e.g. Authorization. */
  api<T = Record<string, unknown>>(method: 'GET' | 'POST', endpoint: string, input?: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> }): Promise<Envelope<T>>;
  /** Signs merchant A (or B) in through merchant_sign_in and returns the session token. */
  merchantToken(shop?: 'A' | 'B'): Promise<string>;
  /** The Trustoo flow up to the code: A1 with Accept: application/json. */
  authorizeCode(input?: { scope?: string; state?: string; extra?: Record<string, string>; shop?: 'A' | 'B' }): Promise<string>;
  /** Code (or refresh token) → token envelope through the Trustoo token endpoint. */
  token(body: Record<string, unknown>): Promise<Envelope>;
  /** A fresh access/refresh pair for shop A with these scopes. */
  tokensFor(scope: string, shop?: 'A' | 'B'): Promise<{ access_token: string; refresh_token: string }>;
  bearer<T = Record<string, unknown>>(accessToken: string, method: 'GET' | 'POST', endpoint: string, input?: { query?: Record<string, string>; body?: unknown }): Promise<Envelope<T>>;
}

export async function buildOAuthFixture(t: TestContext, platform: Partial<NewPlatformInput> = {}, env: Record<string, string> = {}): Promise<OAuthFixture> {
  const base = await buildTestApp(t, { env: { PUBLIC_URL: 'https://plaudit.test', ...env } });
  const deps = { db: base.database.db, clock: base.clock, secrets: base.app.secrets };
  const created = await createPlatform(deps, {
    name: 'Trust Will',
    clientId: 'trustwill',
    redirectUris: [REDIRECT, 'http://127.0.0.1:9/cb'],
    scopes: 'read_reviews,write_reviews,read_orders,read_customers,write_customers,read_customer_events',
    canReadInstallStatus: true,
    ...platform,
  });
  await createMerchant(deps, { shopDomain: 'shop-a.myshopify.com', email: 'owner@shop-a.test', password: PASSWORD_A });
  await createMerchant(deps, { shopDomain: 'shop-b.myshopify.com', email: 'owner@shop-b.test', password: PASSWORD_B });

  const api: OAuthFixture['api'] = async (method, endpoint, input = {}) => {
    const search = input.query ? `?${new URLSearchParams(input.query)}` : '';
    const response = await base.app.inject({
      method,
      url: `/api/v1/openapi/${endpoint}${search}`,
      headers: { ...(input.body === undefined ? {} : { 'content-type': 'application/json' }), ...input.headers },
      ...(input.body === undefined ? {} : { payload: JSON.stringify(input.body) }),
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  const sessions = new Map<string, string>();
  const merchantToken = async (shop: 'A' | 'B' = 'A') => {
    const cached = sessions.get(shop);
    if (cached) return cached;
    const res = await api<{ session_token: string }>('POST', 'merchant_sign_in', {
      body: { email: `owner@shop-${shop.toLowerCase()}.test`, password: shop === 'A' ? PASSWORD_A : PASSWORD_B },
    });
    assert.equal(res.code, 0, res.message);
    sessions.set(shop, res.data.session_token);
    return res.data.session_token;
  };
  const authorizeCode: OAuthFixture['authorizeCode'] = async (input = {}) => {
    const res = await api<{ code: string; redirect_url: string; state: string }>('GET', 'oauth/authorize', {
      query: { client_id: 'trustwill', redirect_uri: REDIRECT, scope: input.scope ?? 'read_reviews', state: input.state ?? 'st-1', ...input.extra },
      headers: { authorization: `Bearer ${await merchantToken(input.shop)}`, accept: 'application/json' },
    });
    assert.equal(res.code, 0, res.message);
    return res.data.code;
  };
  const token = (body: Record<string, unknown>) => api('POST', 'oauth/token', { body: { client_id: 'trustwill', client_secret: created.client_secret, ...body } });
  const tokensFor = async (scope: string, shop: 'A' | 'B' = 'A') => {
    const code = await authorizeCode({ scope, shop });
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    assert.equal(res.code, 0, res.message);
    return res.data as { access_token: string; refresh_token: string };
  };
  const bearer: OAuthFixture['bearer'] = (accessToken, method, endpoint, input = {}) => api(method, endpoint, { ...input, headers: { authorization: `Bearer ${accessToken}` } });
  return { ...base, clientId: created.client_id, clientSecret: created.client_secret, api, merchantToken, authorizeCode, token, tokensFor, bearer };
}
