import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { suppressedRecipients } from '../customers/suppression.service.ts';
import { LinkSigner } from '../emails/links.ts';
import { languageOfReview } from '../emails/page-language.ts';
import type { Mailer } from '../emails/mailer.ts';
import { REVIEW_REQUEST_TYPE } from '../emails/schedule.ts';
import { findReview, type ReviewWithProduct } from '../reviews/reviews.queries.ts';
import type { WorkerTask } from '../worker/worker.ts';
import { renderConfirmation, renderPhotoRequest } from './reviewers.emails.ts';
import { claimDueReviewerEmails, finishReviewerEmail, retryReviewerEmail } from './reviewers.queries.ts';
import { linkExpiry, MANAGE_LINK_DAYS, PHOTO_LINK_DAYS } from './reviewers.service.ts';
import type { ReviewerEmailRow } from './reviewers.table.ts';

/** What the sender runs on (a slice of Services). */
export interface ReviewerTaskDeps {
  db: Db;
  clock: Clock;
  config: { secretKey: string; publicUrl: string; emailFrom: string };
  mailer: Mailer;
  log: FastifyBaseLogger;
}

const BATCH = 100;
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

/** Whether this email still makes sense: the review exists, and a photo request only while it is 4-5 stars without media. */
function stillWanted(job: ReviewerEmailRow, review: ReviewWithProduct | undefined): review is ReviewWithProduct {
  if (!review || review.author_email === '') return false;
  return job.kind === 'confirmation' || (review.rating >= 4 && review.media === '[]');
}

async function sendOne(deps: ReviewerTaskDeps, links: LinkSigner, job: ReviewerEmailRow, now: number): Promise<void> {
  const shopId = Number(job.shop_id);
  const review = await findReview(deps.db, shopId, Number(job.review_id));
  if (!stillWanted(job, review)) return void (await finishReviewerEmail(deps.db, job.id, 'cancelled', now));
  // The photo request asks for something, so a shopper who unsubscribed from review requests does not get it.
  if (job.kind === 'photo_request') {
    const suppressed = await suppressedRecipients(deps.db, shopId, [{ email: review.author_email, customerId: '' }], REVIEW_REQUEST_TYPE);
    if (suppressed({ email: review.author_email, customerId: '' })) return void (await finishReviewerEmail(deps.db, job.id, 'cancelled', now));
  }
  const shop = await deps.db.selectFrom('shops').select('name').where('id', '=', shopId).executeTakeFirstOrThrow();
  const days = job.kind === 'confirmation' ? MANAGE_LINK_DAYS : PHOTO_LINK_DAYS;
  const expires = linkExpiry(now, days);
  const token = links.sign({ p: job.kind === 'confirmation' ? 'manage' : 'photo', s: shopId, r: review.id, x: expires });
  const content = {
    shopName: shop.name,
    fromAddress: deps.config.emailFrom,
    to: review.author_email,
    productTitle: review.product_id === '0' ? shop.name : review.product_title || '',
    rating: review.rating,
    link: `${deps.config.publicUrl}/r/${job.kind === 'confirmation' ? 'my-review' : 'photo'}?t=${token}`,
    until: new Date(expires).toISOString().slice(0, 10),
  };
  // The language of the pages the link opens: the review's order, else its author's orders, else the shop's default.
  const language = await languageOfReview(deps.db, shopId, review);
  try {
    await deps.mailer.send(job.kind === 'confirmation' ? renderConfirmation(content, language) : renderPhotoRequest(content, language));
    await finishReviewerEmail(deps.db, job.id, 'sent', now);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    deps.log.warn({ job: job.id, err: message }, 'reviewer email not sent');
    if (job.attempts >= MAX_ATTEMPTS) await finishReviewerEmail(deps.db, job.id, 'failed', now, message);
    else await retryReviewerEmail(deps.db, job.id, now + 60_000 * 4 ** (job.attempts - 1), now, message);
  }
}

/** Registered in src/worker/tasks.ts. */
export function reviewerTasks(deps: ReviewerTaskDeps): WorkerTask[] {
  const links = new LinkSigner(deps.config.secretKey);
  return [
    {
      name: 'reviewer-emails',
      async runDue(now) {
        const jobs = await claimDueReviewerEmails(deps.db, now, BATCH, LEASE_MS);
        for (const job of jobs) await sendOne(deps, links, job, now);
        return jobs.length;
      },
    },
  ];
}
