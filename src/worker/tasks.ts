import type { FastifyInstance } from 'fastify';
import { createWorker, type Worker, type WorkerTask } from './worker.ts';
import { emailTasks } from '../emails/emails.tasks.ts';
import { mediaTasks } from '../media/media.tasks.ts';
import { oauthCleanupTask } from '../oauth/oauth.cleanup.ts';
import { webhookDeliveryTask } from '../webhooks/webhooks.delivery.ts';

/** Every background task, one line per feature. Each task gets the app's db, clock and config. */
export function workerTasks(app: FastifyInstance): WorkerTask[] {
  return [webhookDeliveryTask(app), ...mediaTasks(app), oauthCleanupTask(app), ...emailTasks(app)];
}

/**
 * The app's worker. In one process with the API (ROLE=all, the default on both databases) it works a
 * backlog at a fifth of the event loop while requests are arriving, so shoppers and partners come first.
 */
export function appWorker(app: FastifyInstance): Worker {
  return createWorker({
    tasks: workerTasks(app),
    clock: app.clock,
    log: app.log,
    apiBusy: () => app.config.role === 'all' && performance.now() - app.activity.lastRequestAt < 250,
  });
}
