import type { Db } from '../db/database.ts';
import type { WorkerTask } from '../worker/worker.ts';

/** Rows stay a day past their end, so a late reuse still reads as "expired" or "revoked". */
const KEEP_MS = 24 * 3600 * 1000;
const EVERY_MS = 3600 * 1000;

/** Deletes dead merchant sessions, authorization codes and token pairs. */
export async function purgeDeadOAuthRows(db: Db, now: number): Promise<number> {
  const cutoff = now - KEEP_MS;
  const sessions = await db.deleteFrom('merchant_sessions').where('expires_at', '<', now).executeTakeFirst();
  const codes = await db.deleteFrom('oauth_codes').where('expires_at', '<', cutoff).executeTakeFirst();
  // A rotated pair stays until its refresh token would have expired: its reuse must still be detected.
  const tokens = await db
    .deleteFrom('oauth_tokens')
    .where((eb) => eb.or([eb('revoked_at', '<', cutoff), eb.and([eb('access_expires_at', '<', cutoff), eb.or([eb('refresh_expires_at', 'is', null), eb('refresh_expires_at', '<', cutoff)])])]))
    .executeTakeFirst();
  return [sessions, codes, tokens].reduce((sum, r) => sum + Number(r.numDeletedRows), 0);
}

/** Runs the purge at most once an hour. */
export function oauthCleanupTask(services: { db: Db }): WorkerTask {
  let lastRun = -Infinity;
  return {
    name: 'oauth-cleanup',
    async runDue(now) {
      if (now - lastRun < EVERY_MS) return 0;
      lastRun = now;
      return purgeDeadOAuthRows(services.db, now);
    },
  };
}
