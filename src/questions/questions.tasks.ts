import type { FastifyBaseLogger } from 'fastify';
import type { CoreConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Clock } from '../lib/clock.ts';
import { suppressedRecipients } from '../customers/suppression.service.ts';
import { LinkSigner } from '../emails/links.ts';
import type { Mailer } from '../emails/mailer.ts';
import { languageOfCustomer } from '../emails/page-language.ts';
import { findProduct } from '../products/products.queries.ts';
import { findShopById } from '../shops/shops.queries.ts';
import type { WorkerTask } from '../worker/worker.ts';
import { answersOf, claimDueQuestionEmails, finishQuestionEmail, findQuestion } from './questions.queries.ts';
import { renderAnswerEmail, renderInvitationEmail } from './questions.render.ts';
import type { QuestionEmailRow } from './questions.table.ts';

export interface QuestionEmailDeps {
  config: Pick<CoreConfig, 'secretKey' | 'publicUrl' | 'emailFrom'>;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  mailer: Mailer;
  log: FastifyBaseLogger;
}

const BATCH_SIZE = 50;
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
/** The spec's email types (endpoints.md §H1), so email_unsubscribe and the unsubscribe link apply. */
const EMAIL_TYPE = { answer: 'answer_notification', invitation: 'question_notification' } as const;

/** Sends due Q&A emails: answers to askers and invitations to buyers (registered in src/worker/tasks.ts). */
export function questionEmailTask(deps: QuestionEmailDeps): WorkerTask {
  const links = new LinkSigner(deps.config.secretKey);
  return {
    name: 'question-emails',
    async runDue(now) {
      const jobs = await claimDueQuestionEmails(deps.db, deps.dialect, now, BATCH_SIZE, LEASE_MS);
      for (const job of jobs) await sendOne(deps, links, job, now);
      return jobs.length;
    },
  };
}

async function sendOne(deps: QuestionEmailDeps, links: LinkSigner, job: QuestionEmailRow, now: number): Promise<void> {
  const shopId = Number(job.shop_id);
  const question = await findQuestion(deps.db, shopId, Number(job.question_id));
  const answer = job.kind === 'answer' ? (await answersOf(deps.db, shopId, [Number(job.question_id)])).find((a) => Number(a.id) === Number(job.answer_id)) : undefined;
  const shop = await findShopById(deps.db, shopId);
  const gone = !question || !shop || question.status === 'hidden' || (job.kind === 'answer' && (!answer || answer.is_published !== 1));
  const isSuppressed = await suppressedRecipients(deps.db, shopId, [{ email: job.recipient, customerId: '' }], EMAIL_TYPE[job.kind]);
  if (gone || isSuppressed({ email: job.recipient, customerId: '' })) {
    await finishQuestionEmail(deps.db, Number(job.id), 'suppressed', now);
    return;
  }
  const product = await findProduct(deps.db, shopId, question.product_id);
  const url = (path: string, token: string) => `${deps.config.publicUrl}/${path}?t=${token}`;
  const common = {
    // The recipient's language, as the answer page chooses it: their newest order with a locale, else the shop's default.
    language: await languageOfCustomer(deps.db, shopId, job.recipient),
    shopName: shop.name || shop.domain,
    fromAddress: deps.config.emailFrom,
    to: job.recipient,
    recipientName: job.recipient_name,
    productTitle: product?.title || '',
    question: question.content,
    unsubscribeUrl: url('r/unsubscribe', links.sign({ p: 'unsubscribe', s: shopId, o: 0, e: job.recipient, t: EMAIL_TYPE[job.kind] })),
  };
  const message =
    job.kind === 'answer'
      ? renderAnswerEmail({ ...common, answer: answer!.content, answerAuthor: answer!.author, verifiedBuyer: answer!.verified_buyer === 1, productUrl: product?.url ?? '' })
      : renderInvitationEmail({ ...common, answerUrl: url('q/answer', links.sign({ p: 'answer', s: shopId, q: Number(question.id), e: job.recipient })) });
  try {
    await deps.mailer.send(message);
    await finishQuestionEmail(deps.db, Number(job.id), 'sent', now);
  } catch (error) {
    const text = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    deps.log.warn({ jobId: job.id, err: text }, 'question email not sent');
    if (job.attempts >= MAX_ATTEMPTS) await finishQuestionEmail(deps.db, Number(job.id), 'failed', now, { error: text });
    else await finishQuestionEmail(deps.db, Number(job.id), 'pending', now, { runAt: now + 60_000 * 4 ** (job.attempts - 1), error: text });
  }
}
