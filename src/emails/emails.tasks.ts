import type { FastifyInstance } from 'fastify';
import type { WorkerTask } from '../worker/worker.ts';
import { LinkSigner } from './links.ts';
import { sendDueEmails } from './sender.ts';

/** The review-request sender, registered in src/worker/tasks.ts. */
export function emailTasks(app: FastifyInstance): WorkerTask[] {
  const deps = {
    db: app.db,
    dialect: app.dialect,
    clock: app.clock,
    events: app.events,
    mailer: app.mailer,
    links: new LinkSigner(app.config.secretKey),
    publicUrl: app.config.publicUrl,
    emailFrom: app.config.emailFrom,
    log: app.log,
  };
  return [{ name: 'review-request-emails', runDue: (now) => sendDueEmails(deps, now) }];
}
