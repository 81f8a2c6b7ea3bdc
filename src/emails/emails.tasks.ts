import type { FastifyBaseLogger } from 'fastify';
import type { CoreConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EventSink } from '../events/events.ts';
import type { Clock } from '../lib/clock.ts';
import type { WorkerTask } from '../worker/worker.ts';
import { LinkSigner } from './links.ts';
import type { Mailer } from './mailer.ts';
import { sendDueEmails } from './sender.ts';

/** What the sender runs on (a slice of Services, src/services.ts). */
export interface EmailTaskDeps {
  config: Pick<CoreConfig, 'secretKey' | 'publicUrl' | 'emailFrom'>;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
  mailer: Mailer;
  log: FastifyBaseLogger;
}

/** The review-request sender, registered in src/worker/tasks.ts. */
export function emailTasks(services: EmailTaskDeps): WorkerTask[] {
  const deps = {
    db: services.db,
    dialect: services.dialect,
    clock: services.clock,
    events: services.events,
    mailer: services.mailer,
    links: new LinkSigner(services.config.secretKey),
    publicUrl: services.config.publicUrl,
    emailFrom: services.config.emailFrom,
    log: services.log,
  };
  return [{ name: 'review-request-emails', runDue: (now) => sendDueEmails(deps, now) }];
}
