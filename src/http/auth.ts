import type { FastifyRequest } from 'fastify';
import { safeEqual } from '../lib/crypto.ts';
import { sign, splitQuery, stringToSign, type QueryPair } from '../lib/signature.ts';
import { permissionDenied, unauthenticated } from './errors.ts';
import { REPLAY_WINDOW_SECONDS } from './replay-guard.ts';

/** Who is calling. HMAC callers act with full shop rights; bearer callers only with their scopes. */
export interface AuthContext {
  shopId: number;
  shopDomain: string;
  scheme: 'hmac' | 'bearer';
  /** null = every scope (HMAC). */
  scopes: ReadonlySet<string> | null;
  /** OAuth platform acting for the shop; 0 for the shop's own HMAC integration. */
  platformId: number;
}

export type BearerVerifier = (request: FastifyRequest, token: string) => Promise<AuthContext>;

/** The shop an HMAC Public-Token belongs to, with its private token (the signing key). */
export interface HmacKey {
  shopId: number;
  shopDomain: string;
  privateToken: string;
}

/** Finds the shop of a Public-Token (null when unknown); the shops feature provides it (shops.auth.ts). */
export type HmacKeyResolver = (publicToken: string) => Promise<HmacKey | null>;

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
  interface FastifyContextConfig {
    /** 'partner' = HMAC or bearer (spec README §4.1). */
    auth?: 'partner';
    /** The OAuth scope a bearer call needs (spec oauth2.md scope table). */
    scope?: string;
  }
}

/** Spec README §4.1 selection rule, then §4.5 verification, then the route's scope. */
export async function authenticatePartner(request: FastifyRequest): Promise<AuthContext> {
  const authorization = request.headers.authorization;
  const auth = typeof authorization === 'string' && authorization.trim() !== '' ? await request.server.verifyBearer(request, bearerToken(authorization)) : await verifyHmac(request);
  const scope = request.routeOptions.config.scope;
  if (scope && auth.scopes && !auth.scopes.has(scope)) throw permissionDenied(`this token lacks the ${scope} scope`);
  return auth;
}

const bearerToken = (header: string): string => header.trim().replace(/^bearer\s+/i, '');

function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function verifyHmac(request: FastifyRequest): Promise<AuthContext> {
  const publicToken = singleHeader(request, 'public-token');
  const timestamp = singleHeader(request, 'timestamp');
  const signature = singleHeader(request, 'sign');
  if (!publicToken) throw unauthenticated('missing Public-Token header (or Authorization: Bearer)');
  if (!timestamp) throw unauthenticated('missing Timestamp header');
  if (!signature) throw unauthenticated('missing Sign header');
  if (!/^\d{1,12}$/.test(timestamp)) throw unauthenticated('Timestamp must be Unix time in seconds');
  const skew = Math.abs(request.server.clock.now() / 1000 - Number(timestamp));
  if (skew > REPLAY_WINDOW_SECONDS) throw unauthenticated('Timestamp is more than 15 minutes away from server time');

  const shop = await request.server.resolveHmacKey(publicToken);
  if (!shop) throw unauthenticated('unknown Public-Token');
  const privateToken = shop.privateToken;

  const expected = signature.toLowerCase();
  const matched = candidateQueries(request.url).find((pairs) => safeEqual(sign(privateToken, stringToSign(pairs, timestamp, request.rawBody)), expected));
  if (!matched) throw unauthenticated('Sign does not match the request (check the string to sign and the private token)');
  const admitted =
    request.server.replayGuard?.admit(publicToken, expected, Number(timestamp), Math.floor(request.server.clock.now() / 1000), request.method !== 'GET' && request.method !== 'HEAD') ?? true;
  if (admitted !== true && !(await admitted)) {
    throw unauthenticated('this signature was already used: the request was replayed (sign each request with a new Timestamp)');
  }
  return { shopId: shop.shopId, shopDomain: shop.shopDomain, scheme: 'hmac', scopes: null, platformId: 0 };
}

/**
 * The decoded query pairs first; then, for compatibility (spec README §4.5 step 7),
 * the raw undecoded pairs and the decoded pairs without empty values.
 */
function candidateQueries(url: string): QueryPair[][] {
  const q = url.indexOf('?');
  if (q === -1) return [[]];
  const raw = url.slice(q + 1);
  const decoded = splitQuery(raw, true);
  const candidates = [decoded];
  // Only a query with an escape or a plus decodes to anything but itself.
  if (raw.includes('%') || raw.includes('+')) {
    const undecoded = splitQuery(raw, false);
    if (undecoded.some(([k, v], i) => k !== decoded[i]![0] || v !== decoded[i]![1])) candidates.push(undecoded);
  }
  const withoutEmpty = decoded.filter(([, v]) => v !== '');
  if (withoutEmpty.length !== decoded.length) candidates.push(withoutEmpty);
  return candidates;
}
