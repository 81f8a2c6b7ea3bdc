import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { endSession, signIn } from '../merchants/merchants.service.ts';
import type { RateLimiter, RateRule } from '../http/rate-limit.ts';
import { AdminProblem, notSignedIn } from './admin.problems.ts';
import { membershipsOf } from './memberships.queries.ts';
import { createSession, sessionInfo } from './sessions.service.ts';
import type { AdminSessionRow } from './admin.table.ts';
import { checkSecondFactor, totpEnabled } from './totp.service.ts';
import type { SecretBox } from '../lib/crypto.ts';

/** Sign-in attempts per client address: 20 per 15 minutes (the account lockout is the merchants' own). */
export const SIGN_IN_PER_ADDRESS: RateRule = { burst: 20, ratePerSecond: 20 / (15 * 60) };

export interface AccountDeps {
  db: Db;
  clock: Clock;
}

export async function accountView(db: Db, merchantId: number) {
  const row = await db.selectFrom('merchants').select(['id', 'email', 'created_at']).where('id', '=', merchantId).executeTakeFirstOrThrow();
  return { id: String(row.id), email: row.email, totp_enabled: await totpEnabled(db, merchantId), created_at: new Date(Number(row.created_at)).toISOString() };
}

/** What the console learns about a signed-in session (sign-in, setup, GET /session). */
export async function signedInView(db: Db, session: AdminSessionRow) {
  return {
    account: await accountView(db, session.merchant_id),
    memberships: await membershipsOf(db, session.merchant_id),
    csrf_token: session.csrf_token,
    session: sessionInfo(session, session.id),
  };
}

export const clientOf = (request: FastifyRequest) => ({ ip: request.ip ?? '', userAgent: String(request.headers['user-agent'] ?? '') });

/**
 * Email and password through the merchants' credential check (with its per-account lockout),
 * after the per-address limit; a console session on success.
 */
export async function signInToConsole(
  deps: AccountDeps & { secrets: SecretBox; limiter: RateLimiter },
  request: FastifyRequest,
  input: { email: string; password: string; totp_code?: string; recovery_code?: string },
) {
  const client = clientOf(request);
  const wait = await deps.limiter.take(`admin-sign-in:${client.ip}`, SIGN_IN_PER_ADDRESS, deps.clock.now());
  if (wait > 0) throw new AdminProblem(429, 'rate-limited', `too many sign-in attempts from this address; retry after ${wait} s`, undefined, { 'retry-after': String(wait) });
  const result = await signIn(deps, input.email, input.password);
  if (!result) throw notSignedIn('wrong email or password (10 failures in a row lock the account for 15 minutes)');
  // The check hands out a partner-API merchant session; the console keeps its own kind.
  await endSession(deps.db, result.session.id);
  await checkSecondFactor(deps, result.session.merchant_id, input);
  return createSession(deps, result.session.merchant_id, client);
}
