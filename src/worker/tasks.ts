import type { FastifyInstance } from 'fastify';
import type { WorkerTask } from './worker.ts';
import { oauthCleanupTask } from '../oauth/oauth.cleanup.ts';

/** Every background task, one line per feature. Each task gets the app's db, clock and config. */
export function workerTasks(app: FastifyInstance): WorkerTask[] {
  return [oauthCleanupTask(app)];
}
