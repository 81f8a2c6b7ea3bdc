import type { Services } from '../services.ts';
import { createWorker, type Worker, type WorkerTask } from './worker.ts';
import { BUSY_FOR_MS, postgresApiActivity } from './api-activity.ts';
import { emailTasks } from '../emails/emails.tasks.ts';
import { mediaTasks } from '../media/media.tasks.ts';
import { oauthCleanupTask } from '../oauth/oauth.cleanup.ts';
import { webhookDeliveryTask } from '../webhooks/webhooks.delivery.ts';
import { replayCleanupTask } from '../http/replay.cleanup.ts';
import { mediaImportTask } from '../switching/switching.media.ts';
import { reviewJobsTask } from '../admin/jobs.service.ts';
import { reviewSearchTask } from '../admin/inbox.search.ts';
import { reviewAlertsTask } from '../admin/alerts.service.ts';
import { heldReviewsTask } from '../moderation/release.task.ts';
import { questionEmailTask } from '../questions/questions.tasks.ts';
import { rewardTasks } from '../emails/reward-emails.tasks.ts';
import { reviewerTasks } from '../reviewers/reviewers.tasks.ts';

/** Every background task, one line per feature. Each task takes the services it needs. */
export function workerTasks(services: Services): WorkerTask[] {
  return [
    webhookDeliveryTask(services),
    ...mediaTasks(services),
    oauthCleanupTask(services),
    ...emailTasks(services),
    replayCleanupTask(services),
    mediaImportTask({ db: services.db, clock: services.clock, storage: services.mediaStorage, media: services.config.media, allowPrivate: services.config.webhooks.allowPrivate, log: services.log }),
    reviewJobsTask(services),
    reviewSearchTask(services),
    reviewAlertsTask(services),
    heldReviewsTask(services),
    questionEmailTask(services),
    ...rewardTasks(services),
    ...reviewerTasks(services),
  ];
}

/**
 * The worker. While the API is busy it works a backlog at a fifth of its event loop, so
 * shoppers and partners come first: in one process with the API (ROLE=all, the default on both
 * databases) while requests are arriving; in a process of its own (ROLE=worker) on PostgreSQL
 * while API sessions are running statements (api-activity.ts).
 */
export function appWorker(services: Services): Worker {
  const apiBusy =
    services.config.role === 'all' ? () => performance.now() - services.activity.lastRequestAt < BUSY_FOR_MS : services.dialect === 'postgres' ? postgresApiActivity(services.db) : undefined;
  return createWorker({ tasks: workerTasks(services), clock: services.clock, log: services.log, apiBusy });
}
