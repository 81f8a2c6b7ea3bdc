import type { FastifyInstance } from 'fastify';
import type { WorkerTask } from './worker.ts';
import { mediaTasks } from '../media/media.tasks.ts';
import { oauthCleanupTask } from '../oauth/oauth.cleanup.ts';
import { webhookDeliveryTask } from '../webhooks/webhooks.delivery.ts';

/** Every background task, one line per feature. Each task gets the app's db, clock and config. */
export function workerTasks(app: FastifyInstance): WorkerTask[] {
  return [webhookDeliveryTask(app), ...mediaTasks(app), oauthCleanupTask(app)];
}
