import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { AdminSessionRow } from './admin.table.ts';

/** A console session ends 30 minutes after its last request, or 12 hours after sign-in. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 3600 * 1000;
/** last_seen_at is written at most once a minute per session. */
const TOUCH_EVERY_MS = 60 * 1000;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export interface SessionDeps {
  db: Db;
  clock: Clock;
}

export async function createSession(deps: SessionDeps, merchantId: number, client: { ip: string; userAgent: string }) {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const values = {
    token_hash: sha256Hex(token),
    merchant_id: merchantId,
    csrf_token: randomBytes(24).toString('base64url'),
    ip: client.ip.slice(0, 64),
    user_agent: client.userAgent.slice(0, 300),
    created_at: now,
    last_seen_at: now,
    expires_at: now + SESSION_ABSOLUTE_MS,
  };
  const inserted = await deps.db.insertInto('admin_sessions').values(values).returning('id').executeTakeFirstOrThrow();
  return { token, row: { ...values, id: Number(inserted.id) } as AdminSessionRow };
}

const isLive = (row: AdminSessionRow, now: number) => row.expires_at > now && row.last_seen_at + SESSION_IDLE_MS > now;

/** The live session behind a cookie token (refreshing its idle clock), or null. Expired rows are deleted. */
export async function findLiveSession(deps: SessionDeps, token: string | undefined): Promise<AdminSessionRow | null> {
  if (!token || token.length > 100) return null;
  const row = await deps.db.selectFrom('admin_sessions').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
  if (!row) return null;
  const now = deps.clock.now();
  if (!isLive(row, now)) {
    await deps.db.deleteFrom('admin_sessions').where('id', '=', row.id).execute();
    return null;
  }
  if (now - row.last_seen_at >= TOUCH_EVERY_MS) {
    await deps.db.updateTable('admin_sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
    row.last_seen_at = now;
  }
  return row;
}

export async function liveSessionsOf(deps: SessionDeps, merchantId: number): Promise<AdminSessionRow[]> {
  const now = deps.clock.now();
  const rows = await deps.db.selectFrom('admin_sessions').selectAll().where('merchant_id', '=', merchantId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.filter((row) => isLive(row, now));
}

/** Ends one of the account's sessions; false when it is not one of them. */
export async function revokeSession(db: Db, merchantId: number, sessionId: number): Promise<boolean> {
  const result = await db.deleteFrom('admin_sessions').where('id', '=', sessionId).where('merchant_id', '=', merchantId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function revokeAllSessions(db: Db, merchantId: number, exceptSessionId?: number): Promise<void> {
  let query = db.deleteFrom('admin_sessions').where('merchant_id', '=', merchantId);
  if (exceptSessionId !== undefined) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export function csrfMatches(expected: string, sent: string | undefined): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

export const sessionInfo = (row: AdminSessionRow, currentId: number | undefined) => ({
  id: String(row.id),
  created_at: new Date(row.created_at).toISOString(),
  last_seen_at: new Date(row.last_seen_at).toISOString(),
  idle_expires_at: new Date(Math.min(row.last_seen_at + SESSION_IDLE_MS, row.expires_at)).toISOString(),
  expires_at: new Date(row.expires_at).toISOString(),
  ip: row.ip,
  user_agent: row.user_agent,
  current: row.id === currentId,
});
