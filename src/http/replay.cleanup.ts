import type { Db } from '../db/database.ts';
import type { WorkerTask } from '../worker/worker.ts';
import { purgeExpiredSignatures } from './replay-guard.ts';

const EVERY_MS = 5 * 60 * 1000;

/** Deletes remembered HMAC signatures whose window has ended, at most every 5 minutes. */
export function replayCleanupTask(deps: { db: Db }): WorkerTask {
  let lastRun = -Infinity;
  return {
    name: 'hmac-signatures-cleanup',
    async runDue(now) {
      if (now - lastRun < EVERY_MS) return 0;
      lastRun = now;
      return purgeExpiredSignatures(deps.db, Math.floor(now / 1000));
    },
  };
}
