import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createMerchant } from '../merchants/merchants.service.ts';
import type { TestApp } from '../../test/helpers.ts';
import type { Role } from './admin.table.ts';
import { addMembership } from './memberships.queries.ts';

export const API = '/admin/api/v1';
export const PASSWORD = 'correct horse battery';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A browser of the console: its cookie and CSRF token ride along on every call. */
export interface AdminBrowser {
  cookie: string;
  csrf: string;
  merchantId: number;
  call(method: Method, path: string, body?: unknown, options?: { csrf?: string | null }): Promise<LightMyRequestResponse>;
}

export function cookieFrom(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const text = Array.isArray(header) ? header[0] : header;
  assert.ok(text, 'a session cookie is set');
  return text.split(';')[0]!;
}

export function browserFor(testApp: TestApp, cookie: string, csrf: string, merchantId: number): AdminBrowser {
  return {
    cookie,
    csrf,
    merchantId,
    call(method, path, body, options = {}) {
      const csrfHeader = options.csrf === undefined ? csrf : options.csrf;
      return testApp.app.inject({
        method,
        url: `${API}${path}`,
        headers: { cookie, ...(csrfHeader === null ? {} : { 'x-csrf-token': csrfHeader }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    },
  };
}

export async function signInBrowser(testApp: TestApp, email: string, password = PASSWORD): Promise<AdminBrowser> {
  const response = await testApp.app.inject({ method: 'POST', url: `${API}/session`, payload: { email, password } });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as { csrf_token: string; account: { id: string } };
  return browserFor(testApp, cookieFrom(response), body.csrf_token, Number(body.account.id));
}

let counter = 0;

/** A merchant account (the CLI's way) with these memberships, signed in. */
export async function memberOf(testApp: TestApp, memberships: { shopId: number; role: Role }[], email = `m${++counter}@example.com`): Promise<AdminBrowser> {
  const db = testApp.database.db;
  const first = await db.selectFrom('shops').select('domain').where('id', '=', memberships[0]!.shopId).executeTakeFirstOrThrow();
  const merchant = await createMerchant({ db, clock: testApp.clock }, { shopDomain: first.domain, email, password: PASSWORD });
  for (const m of memberships) await addMembership(db, Number(merchant.merchant_id), m.shopId, m.role, testApp.clock.now());
  return signInBrowser(testApp, email);
}

export function assertProblem(response: LightMyRequestResponse, status: number, slug: string, field?: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json() as { type: string; status: number; field?: string; detail: string };
  assert.equal(body.type, `urn:plaudit:problem:${slug}`, response.body);
  assert.equal(body.status, status);
  if (field !== undefined) assert.equal(body.field, field, response.body);
}
