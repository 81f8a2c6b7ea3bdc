import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unauthenticated } from '../http/errors.ts';
import { findSession, SESSION_TTL_MS, type MerchantSession } from './merchants.service.ts';

export const SESSION_COOKIE = 'plaudit_session';
export const LOGIN_CSRF_COOKIE = 'plaudit_login_csrf';

/**
 * Cookies through @fastify/cookie, registered by each plugin whose routes use the merchant
 * session (not for the whole app: its hooks would run on every partner API request).
 */
export const registerCookies = (app: FastifyInstance) => app.register(cookie);

export const readCookie = (request: FastifyRequest, name: string): string | undefined => request.cookies[name];

/** HttpOnly, SameSite=Lax, Secure when the request came over TLS (directly or through a trusted proxy). */
export function setCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAgeMs: number): void {
  reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: Math.floor(maxAgeMs / 1000), secure: request.protocol === 'https' });
}

export const setSessionCookie = (request: FastifyRequest, reply: FastifyReply, token: string) => setCookie(request, reply, SESSION_COOKIE, token, SESSION_TTL_MS);

/** The session of the browser (cookie). Used by the server-rendered pages. */
export const cookieSession = (request: FastifyRequest): Promise<MerchantSession | null> => findSession(request.server, readCookie(request, SESSION_COOKIE));

/**
 * The merchant session of an API call (spec endpoints.md §I): the session token in
 * `Authorization` (with or without `Bearer `). With `allowCookie`, the browser cookie too —
 * only for reads, since a cookie rides along on cross-site requests.
 */
export async function requireMerchant(request: FastifyRequest, options: { allowCookie: boolean }): Promise<MerchantSession> {
  const header = request.headers.authorization;
  const fromHeader = typeof header === 'string' && header.trim() !== '' ? header.trim().replace(/^bearer\s+/i, '') : undefined;
  const session = fromHeader !== undefined ? await findSession(request.server, fromHeader) : options.allowCookie ? await cookieSession(request) : null;
  if (!session) throw unauthenticated('a valid merchant session is required (sign in at /merchant/sign-in)');
  return session;
}
