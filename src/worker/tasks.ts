import type { FastifyInstance } from 'fastify';
import { createWorker, type Worker, type WorkerTask } from './worker.ts';
import { BUSY_FOR_MS, postgresApiActivity } from './api-activity.ts';
import { emailTasks } from '../emails/emails.tasks.ts';
import { mediaTasks } from '../media/media.tasks.ts';
import { oauthCleanupTask } from '../oauth/oauth.cleanup.ts';
import { webhookDeliveryTask } from '../webhooks/webhooks.delivery.ts';
import { reviewJobsTask } from '../admin/jobs.service.ts';
import { reviewAlertsTask } from '../admin/alerts.service.ts';

/** Every background task, one line per feature. Each task gets the app's db, clock and config. */
export function workerTasks(app: FastifyInstance): WorkerTask[] {
  return [webhookDeliveryTask(app), ...mediaTasks(app), oauthCleanupTask(app), ...emailTasks(app), reviewJobsTask(app), reviewAlertsTask(app)];
}

/**
 * The app's worker. While the API is busy it works a backlog at a fifth of its event loop, so
 * shoppers and partners come first: in one process with the API (ROLE=all, the default on both
 * databases) while requests are arriving; in a process of its own (ROLE=worker) on PostgreSQL
 * while API sessions are running statements (api-activity.ts).
 */
export function appWorker(app: FastifyInstance): Worker {
  const apiBusy =
    app.config.role === 'all' ? () => performance.now() - app.activity.lastRequestAt < BUSY_FOR_MS
    : app.dialect === 'postgres' ? postgresApiActivity(app.db)
    : undefined;
  return createWorker({ tasks: workerTasks(app), clock: app.clock, log: app.log, apiBusy });
}
