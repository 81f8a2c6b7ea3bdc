import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EventSink } from '../events/events.ts';
import type { Clock } from '../lib/clock.ts';
import { deleteReviewIn, HIDE_REASONS, moderateReviewIn, type HideReason, type ReviewChange } from '../reviews/reviews.moderation.ts';
import { badInput, missing } from './admin.problems.ts';
import type { ReviewJobRow } from './admin.table.ts';
import { parseInboxFilter, type InboxFilterInput } from './inbox.filter.ts';
import { filterCondition } from './inbox.queries.ts';
import { prepareSearch } from './inbox.search.ts';
import { appendLedger, type LedgerActor } from './ledger.service.ts';
import { moderationState } from './inbox.service.ts';

export const JOB_ACTIONS = ['publish', 'hide', 'feature', 'unfeature', 'pin', 'unpin', 'tag', 'delete'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];
/** Reviews per worker transaction. */
export const JOB_BATCH = 200;
const LEASE_MS = 60_000;
/** Failed batches in a row before a job is failed (a passing fault, such as a lost database connection, gets retried). */
export const MAX_JOB_ATTEMPTS = 3;
const RETRY_AFTER_MS = 30_000;
const MAX_SELECTION = 1000;

export interface JobInput {
  action: JobAction;
  reason?: string;
  tag?: string;
  review_ids?: string[];
  filter?: InboxFilterInput;
}

export const jobView = (row: ReviewJobRow) => ({
  id: String(row.id),
  action: row.action,
  status: row.status,
  total: Number(row.total),
  processed: Number(row.processed),
  changed: Number(row.changed),
  created_at: new Date(Number(row.created_at)).toISOString(),
  finished_at: row.finished_at === null ? null : new Date(Number(row.finished_at)).toISOString(),
  error: row.error ?? null,
});

function changeOf(action: JobAction, argument: { reason?: string; tag?: string }): ReviewChange | 'delete' {
  if (action === 'hide' && !(HIDE_REASONS as readonly string[]).includes(argument.reason ?? '')) throw new Error(`hide reason "${String(argument.reason)}" is not one this server knows`);
  switch (action) {
    case 'publish':
      return { kind: 'publish' };
    case 'hide':
      return { kind: 'hide', reason: argument.reason as HideReason };
    case 'feature':
      return { kind: 'flags', featured: true };
    case 'unfeature':
      return { kind: 'flags', featured: false };
    case 'pin':
      return { kind: 'flags', pinned: true };
    case 'unpin':
      return { kind: 'flags', pinned: false };
    case 'tag':
      return { kind: 'flags', tag: argument.tag ?? '' };
    case 'delete':
      return 'delete';
    // A job written by another version of the server (a rolled-back upgrade): fail it, do not guess.
    default:
      throw new Error(`action "${String(action)}" is not one this server knows`);
  }
}

/** A queued job without its selection yet (review_job_items); returns its id. */
export async function insertQueuedJob(db: Db, job: { shopId: number; actor: LedgerActor; action: string; argument: object; now: number }): Promise<number> {
  const inserted = await db
    .insertInto('review_jobs')
    .values({
      shop_id: job.shopId,
      merchant_id: job.actor.merchantId,
      actor_email: job.actor.email,
      action: job.action,
      argument: JSON.stringify(job.argument),
      status: 'queued',
      total: 0,
      processed: 0,
      changed: 0,
      lease_until: 0,
      created_at: job.now,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** Records the job and fixes its selection (the given ids, or every review matching the filter now). */
export async function createJob(app: FastifyInstance, shopId: number, actor: LedgerActor, input: JobInput) {
  if (input.action === 'hide' && !(HIDE_REASONS as readonly string[]).includes(input.reason ?? '')) throw badInput('reason', `is required for hide: one of ${HIDE_REASONS.join(', ')}`);
  if (input.action === 'tag' && input.tag === undefined) throw badInput('tag', 'is required for tag ("" clears)');
  if ((input.review_ids === undefined) === (input.filter === undefined)) throw badInput('review_ids', 'or filter is required (exactly one of them)');
  const ids = input.review_ids?.map((id, i) => {
    if (!/^[1-9][0-9]{0,15}$/.test(id)) throw badInput(`review_ids.${i}`, 'must be a review id');
    return Number(id);
  });
  if (ids && (ids.length === 0 || ids.length > MAX_SELECTION)) throw badInput('review_ids', `must hold 1-${MAX_SELECTION} ids`);
  const filter = input.filter ? parseInboxFilter(input.filter, 'filter.') : undefined;
  const now = app.clock.now();
  const argument = { reason: input.reason, tag: input.tag?.trim() };
  const prefix = filter ? await prepareSearch(app.db, app.dialect, shopId, filter.words) : true;
  const job = await app.db.transaction().execute(async (trx) => {
    const jobId = await insertQueuedJob(trx, { shopId, actor, action: input.action, argument, now });
    // Only the shop's own reviews enter the selection, whatever ids were sent.
    await trx
      .insertInto('review_job_items')
      .columns(['job_id', 'review_id'])
      .expression(
        trx
          .selectFrom('reviews')
          .select([sql.lit(jobId).as('job_id'), 'reviews.id'])
          .where((eb) => (filter ? filterCondition(eb as never, shopId, filter, app.dialect, prefix) : eb.and([eb('reviews.shop_id', '=', shopId), eb('reviews.id', 'in', ids!)]))),
      )
      .execute();
    const counted = await trx
      .selectFrom('review_job_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('review_jobs')
      .set({ total: Number(counted.n) })
      .where('id', '=', jobId)
      .execute();
    await appendLedger(trx, app.clock, {
      shopId,
      actor,
      action: 'bulk.start',
      subject: `job:${jobId}`,
      before: null,
      after: { action: input.action, ...argument, total: Number(counted.n), ...(input.filter ? { filter: input.filter } : { review_ids: input.review_ids }) },
    });
    return trx.selectFrom('review_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  });
  return jobView(job);
}

export async function getJob(db: Db, shopId: number, jobIdText: string) {
  if (!/^[1-9][0-9]{0,15}$/.test(jobIdText)) throw missing('job');
  const row = await db.selectFrom('review_jobs').selectAll().where('shop_id', '=', shopId).where('id', '=', Number(jobIdText)).executeTakeFirst();
  if (!row) throw missing('job');
  return jobView(row);
}

export interface JobDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
}

/** Claims a due job (queued, or running with an expired lease) for LEASE_MS. */
async function claimJob(deps: JobDeps, now: number): Promise<ReviewJobRow | undefined> {
  const candidate = await deps.db.selectFrom('review_jobs').selectAll().where('status', 'in', ['queued', 'running']).where('lease_until', '<=', now).orderBy('id').limit(1).executeTakeFirst();
  if (!candidate) return undefined;
  const claimed = await deps.db
    .updateTable('review_jobs')
    .set({ status: 'running', lease_until: now + LEASE_MS })
    .where('id', '=', candidate.id)
    .where('lease_until', '=', candidate.lease_until)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1 ? { ...candidate, status: 'running', lease_until: now + LEASE_MS } : undefined;
}

/**
 * One bounded batch of one job: JOB_BATCH reviews in one transaction through the reviews
 * service (ratings, webhooks, ledger exact), then the job's progress in the same transaction.
 */
export async function runJobBatch(deps: JobDeps, now: number): Promise<number> {
  const job = await claimJob(deps, now);
  if (!job) return 0;
  try {
    return await workBatch(deps, job, now);
  } catch (error) {
    await recordFailure(deps.db, job, now, error);
    return 1;
  }
}

/**
 * A failed batch changed nothing (its transaction rolled back). It is retried after RETRY_AFTER_MS;
 * the MAX_JOB_ATTEMPTS-th failure in a row fails the job, with the error for the merchant.
 */
async function recordFailure(db: Db, job: ReviewJobRow, now: number, error: unknown) {
  const attempts = Number(job.failed_attempts) + 1;
  const failed = attempts >= MAX_JOB_ATTEMPTS;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
  await db
    .updateTable('review_jobs')
    .set({
      failed_attempts: attempts,
      error: message,
      status: failed ? 'failed' : 'running',
      lease_until: failed ? now : now + RETRY_AFTER_MS,
      finished_at: failed ? now : null,
    })
    .where('id', '=', job.id)
    .execute();
}

async function workBatch(deps: JobDeps, job: ReviewJobRow, now: number): Promise<number> {
  const change = changeOf(job.action as JobAction, JSON.parse(job.argument) as { reason?: string; tag?: string });
  const actor: LedgerActor = { merchantId: job.merchant_id === null ? null : Number(job.merchant_id), email: job.actor_email };
  const shopId = Number(job.shop_id);
  const ledger = (trx: Db, subject: string, before: unknown, after: unknown, action: string) => appendLedger(trx, deps.clock, { shopId, actor, action, subject, before, after });
  return deps.db.transaction().execute(async (trx) => {
    const items = await trx
      .selectFrom('review_job_items')
      .select('review_id')
      .where('job_id', '=', job.id)
      .where('review_id', '>', job.cursor_review_id)
      .orderBy('review_id')
      .limit(JOB_BATCH)
      .execute();
    let changed = 0;
    for (const { review_id } of items) {
      const reviewId = Number(review_id);
      if (change === 'delete') {
        const done = await deleteReviewIn(trx, deps, shopId, reviewId, (t, before) =>
          ledger(t, `review:${reviewId}`, { ...moderationState(before), rating: before.rating, author: before.author }, { job: Number(job.id) }, 'review.delete'),
        );
        if (done) changed += 1;
      } else {
        const result = await moderateReviewIn(trx, deps, shopId, reviewId, change, (t, { before, after }) =>
          ledger(t, `review:${reviewId}`, moderationState(before), { ...moderationState(after), job: Number(job.id) }, change.kind === 'flags' ? 'review.update' : `review.${change.kind}`),
        );
        if (result?.changed) changed += 1;
      }
    }
    const finished = items.length < JOB_BATCH;
    const last = items[items.length - 1];
    await trx
      .updateTable('review_jobs')
      .set({
        processed: Number(job.processed) + items.length,
        changed: Number(job.changed) + changed,
        cursor_review_id: last ? Number(last.review_id) : job.cursor_review_id,
        status: finished ? 'done' : 'running',
        lease_until: finished ? now : 0,
        finished_at: finished ? now : null,
        failed_attempts: 0,
      })
      .where('id', '=', job.id)
      .execute();
    return Math.max(items.length, 1);
  });
}

/** The worker task: one batch per round; the worker comes back at once while there is a backlog. */
export const reviewJobsTask = (deps: JobDeps) => ({ name: 'review-jobs', runDue: (now: number) => runJobBatch(deps, now) });
