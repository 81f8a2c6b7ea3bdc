import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from './admin.table.ts';
import type { LedgerActor } from './ledger.service.ts';
import { AdminProblem, forbidden, missing, notSignedIn } from './admin.problems.ts';
import { roleIn } from './memberships.queries.ts';
import { csrfMatches, findLiveSession } from './sessions.service.ts';

export const ADMIN_COOKIE = 'plaudit_admin';
export const CSRF_HEADER = 'x-csrf-token';

export interface AdminContext {
  sessionId: number;
  merchantId: number;
  email: string;
  csrfToken: string;
  /** Set on shop routes (`/shops/:shop_id/…`) once the role check passed. */
  shopId: number;
  role: Role | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    admin: AdminContext | null;
  }
  interface FastifyContextConfig {
    /** Admin API: the least role in the route's shop (`:shop_id`) that may call it. */
    adminRole?: Role;
    /** Admin API routes outside a shop: anonymous callers allowed, or a signed-in account needed. */
    adminAuth?: 'anonymous' | 'session';
  }
}

const RANK: Record<Role, number> = { viewer: 1, moderator: 2, owner: 3 };
export const roleAtLeast = (role: Role, needed: Role) => RANK[role] >= RANK[needed];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SHOP_ID = /^[1-9][0-9]{0,15}$/;

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** HttpOnly, SameSite=Strict, Path=/admin; Secure when the request came over TLS (directly or through a trusted proxy). */
export function setAdminCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  const parts = [`${ADMIN_COOKIE}=${token}`, 'Path=/admin', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`];
  if (request.protocol === 'https') parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
}

export const clearAdminCookie = (request: FastifyRequest, reply: FastifyReply) => setAdminCookie(request, reply, '', 0);

/**
 * One hook for every admin route: it finds the session, checks the CSRF header on unsafe
 * methods and the role the route declares for its shop. It runs before body validation, so
 * a caller without the right to call learns nothing about the body it sent.
 */
export function registerAdminAuth(app: FastifyInstance): void {
  app.decorateRequest('admin', null);
  app.addHook('onRoute', (route) => {
    const config = route.config as { adminRole?: Role; adminAuth?: string } | undefined;
    if (!config?.adminRole && !config?.adminAuth) throw new Error(`admin route ${route.method} ${route.url} declares neither adminRole nor adminAuth`);
  });
  app.addHook('onRequest', async (request) => {
    // Unknown paths and methods get their problem 404 from the not-found handler, signed in or not.
    if (request.is404) return;
    const { adminRole, adminAuth } = request.routeOptions.config;
    const session = await findLiveSession(app, readCookie(request, ADMIN_COOKIE));
    if (session) {
      const merchant = await app.db.selectFrom('merchants').select('email').where('id', '=', session.merchant_id).executeTakeFirst();
      if (merchant) {
        request.admin = { sessionId: session.id, merchantId: session.merchant_id, email: merchant.email, csrfToken: session.csrf_token, shopId: 0, role: null };
      }
    }
    if (adminAuth === 'anonymous') {
      // An unsafe anonymous call acts as the signed-in account only when it proves it came from the console.
      if (request.admin && UNSAFE.has(request.method)) {
        if (request.headers[CSRF_HEADER] === undefined) request.admin = null;
        else checkCsrf(request, request.admin);
      }
      return;
    }
    const admin = request.admin;
    if (!admin) throw notSignedIn('sign in first (no session, or it expired or was revoked)');
    if (UNSAFE.has(request.method)) checkCsrf(request, admin);
    if (!adminRole) return;
    const raw = (request.params as { shop_id?: string }).shop_id ?? '';
    if (!SHOP_ID.test(raw)) throw missing('shop');
    const role = await roleIn(app.db, admin.merchantId, Number(raw));
    // Not a member: the shop "does not exist" for this account (tenancy never tells more).
    if (!role) throw missing('shop');
    if (!roleAtLeast(role, adminRole)) throw forbidden(`this needs the ${adminRole} role in the shop; yours is ${role}`);
    admin.shopId = Number(raw);
    admin.role = role;
  });
}

function checkCsrf(request: FastifyRequest, admin: AdminContext): void {
  const sent = request.headers[CSRF_HEADER];
  if (!csrfMatches(admin.csrfToken, typeof sent === 'string' ? sent : undefined)) {
    throw new AdminProblem(403, 'csrf', `send the session's CSRF token in the X-CSRF-Token header (GET /admin/api/v1/session returns it)`);
  }
}

/** The signed-in context of a route that declared adminRole or adminAuth 'session'. */
export function adminOf(request: FastifyRequest): AdminContext {
  if (!request.admin) throw notSignedIn();
  return request.admin;
}

/** The shop of a shop route and the actor its ledger entries name. */
export function adminActorOf(request: FastifyRequest): { shopId: number; actor: LedgerActor } {
  const admin = adminOf(request);
  return { shopId: admin.shopId, actor: { merchantId: admin.merchantId, email: admin.email } };
}
