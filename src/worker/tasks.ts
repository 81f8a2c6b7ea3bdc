import type { FastifyInstance } from 'fastify';
import type { WorkerTask } from './worker.ts';

/** Every background task, one line per feature. Each task gets the app's db, clock and config. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function workerTasks(app: FastifyInstance): WorkerTask[] {
  return [];
}
