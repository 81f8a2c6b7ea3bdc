import type { FastifyInstance } from 'fastify';
import type { WorkerTask } from './worker.ts';
import { webhookDeliveryTask } from '../webhooks/webhooks.delivery.ts';

/** Every background task, one line per feature. Each task gets the app's db, clock and config. */
export function workerTasks(app: FastifyInstance): WorkerTask[] {
  return [webhookDeliveryTask(app)];
}
