import type { FastifyRequest } from 'fastify';
import { safeEqual } from '../lib/crypto.ts';
import { sign, splitQuery, stringToSign, type QueryPair } from '../lib/signature.ts';
import { findShopCredentialsByPublicToken } from '../shops/shops.queries.ts';
import { permissionDenied, unauthenticated } from './errors.ts';

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

const TIMESTAMP_WINDOW_SECONDS = 15 * 60;

/** Spec README §4.1 selection rule, then §4.5 verification, then the route's scope. */
export async function authenticatePartner(request: FastifyRequest): Promise<AuthContext> {
  const authorization = request.headers.authorization;
  const auth =
    typeof authorization === 'string' && authorization.trim() !== ''
      ? await request.server.verifyBearer(request, bearerToken(authorization))
      : await verifyHmac(request);
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
  if (skew > TIMESTAMP_WINDOW_SECONDS) throw unauthenticated('Timestamp is more than 15 minutes away from server time');

  const shop = await findShopCredentialsByPublicToken(request.server.db, publicToken);
  if (!shop) throw unauthenticated('unknown Public-Token');
  const privateToken = request.server.secrets.open(shop.private_token_sealed);

  const expected = signature.toLowerCase();
  const matched = candidateQueries(request.url).find((pairs) =>
    safeEqual(sign(privateToken, stringToSign(pairs, timestamp, request.rawBody)), expected),
  );
  if (!matched) throw unauthenticated('Sign does not match the request (check the string to sign and the private token)');
  if (request.server.replayGuard && !request.server.replayGuard.firstUse(publicToken + ':' + expected, Number(timestamp))) {
    throw unauthenticated('this signature was already used (replay protection is on)');
  }
  return { shopId: shop.id, shopDomain: shop.domain, scheme: 'hmac', scopes: null, platformId: 0 };
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
  const undecoded = splitQuery(raw, false);
  if (undecoded.some(([k, v], i) => k !== decoded[i]![0] || v !== decoded[i]![1])) candidates.push(undecoded);
  const withoutEmpty = decoded.filter(([, v]) => v !== '');
  if (withoutEmpty.length !== decoded.length) candidates.push(withoutEmpty);
  return candidates;
}

/** Optional replay protection: remembers each (public token, Sign) for the timestamp window. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(private readonly nowSeconds: () => number) {}

  firstUse(key: string, timestamp: number): boolean {
    const now = this.nowSeconds();
    if (this.seen.size > 10_000) for (const [k, expiry] of this.seen) if (expiry < now) this.seen.delete(k);
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry >= now) return false;
    this.seen.set(key, Math.max(timestamp, now) + TIMESTAMP_WINDOW_SECONDS);
    return true;
  }
}
