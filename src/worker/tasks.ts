import type { FastifyInstance } from 'fastify';
import type { WorkerTask } from './worker.ts';
import { mediaTasks } from '../media/media.tasks.ts';
import { oauthCleanupTask } from '../oauth/oauth.cleanup.ts';

/** Every background task, one line per feature. Each task gets the app's db, clock and config. */
export function workerTasks(app: FastifyInstance): WorkerTask[] {
  return [...mediaTasks(app), oauthCleanupTask(app)];
}
