import { createHash, createHmac } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EventSink } from '../events/events.ts';
import { ApiError, invalidArgument, notFound } from '../http/errors.ts';
import { pageInfo, pageWindow } from '../http/schemas.ts';
import type { Clock } from '../lib/clock.ts';
import { appendCustomerEvent } from '../customers/customer-events.service.ts';
import { suppressedRecipients } from '../customers/suppression.service.ts';
import { findShopById } from '../shops/shops.queries.ts';
import * as q from './questions.queries.ts';
import { toPublicQuestion, toQuestion } from './questions.mapping.ts';
import type { AnswerQuestionBody, GetQuestionsQuery, InviteBuyersBody, ModerateQuestionBody, PublicQuestionSort, PublicQuestionsPage, Question } from './questions.schemas.ts';
import type { AnswerRow, QuestionRow } from './questions.table.ts';

export interface QuestionDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
}

export const ASK_EMAIL_LIMIT = { max: 3, windowMs: 60 * 60 * 1000 };
const DEFAULT_INVITES = 3;

export interface AskInput {
  productId: string;
  content: string;
  author: string;
  email: string;
  /** Honeypot: people leave it empty. */
  website?: string;
}

const tooMany = () => new ApiError('resource_exhausted', 'rate limit exceeded: too many questions from this email address, try again later', 429);

/**
 * A shopper's question: dropped silently when the honeypot is filled, limited per email (the
 * counter moves inside the question's transaction), held for the merchant, announced as
 * `question.created` and an ASK_QUESTION customer event in the same transaction.
 */
export async function askQuestion(deps: QuestionDeps, shopId: number, input: AskInput): Promise<{ status: 'pending' }> {
  if (input.website !== undefined && input.website.trim() !== '') return { status: 'pending' };
  const content = input.content.trim();
  const author = input.author.trim();
  if (content === '') throw invalidArgument('question', 'must not be empty');
  if (author === '') throw invalidArgument('author', 'must not be empty');
  const email = input.email.trim().toLowerCase();
  const emailHash = createHash('sha256').update(email).digest('hex');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if ((await q.countAskByEmail(trx, shopId, emailHash, now, ASK_EMAIL_LIMIT.windowMs)) > ASK_EMAIL_LIMIT.max) throw tooMany();
    const row = await q.insertQuestion(trx, {
      shop_id: shopId,
      product_id: input.productId,
      content,
      author,
      author_email: email,
      status: 'pending',
      source: 'Store front',
      created_at: now,
      updated_at: now,
    });
    await appendCustomerEvent(
      trx,
      deps.events,
      shopId,
      {
        event_type: 'ASK_QUESTION',
        event_source: 'STOREFRONT',
        customer_email: email,
        product_id: input.productId,
        extra: { question_id: String(row.id) },
      },
      now,
    );
    await deps.events.emit(trx, { shopId, type: 'question.created', data: toQuestion(row, []), occurredAt: now });
  });
  return { status: 'pending' };
}

export const questionIdFrom = (value: string | number, field = 'id'): number => {
  const id = typeof value === 'string' && !/^[0-9]{1,20}$/.test(value) ? NaN : Number(value);
  if (!Number.isSafeInteger(id)) throw invalidArgument(field, 'is not a known id');
  return id;
};

async function loadQuestion(db: Db, shopId: number, id: number): Promise<{ row: QuestionRow; answers: AnswerRow[] }> {
  const row = await q.findQuestion(db, shopId, id);
  if (!row) throw notFound('question');
  return { row, answers: await q.answersOf(db, shopId, [id]) };
}

export async function getQuestion(deps: { db: Db }, shopId: number, id: number): Promise<Question> {
  const { row, answers } = await loadQuestion(deps.db, shopId, id);
  return toQuestion(row, answers);
}

export async function listQuestions(deps: { db: Db }, shopId: number, query: GetQuestionsQuery) {
  const { page, pageSize, offset } = pageWindow(query);
  const { rows, count } = await q.listQuestionRows(
    deps.db,
    shopId,
    {
      ...(query.product_id ? { productId: query.product_id.replace(/^0+(?=\d)/, '') } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.answered !== undefined ? { answered: query.answered } : {}),
    },
    { offset, limit: pageSize, ascending: query.sort_by === 'created-ascending' },
  );
  const answers = await q.answersOf(
    deps.db,
    shopId,
    rows.map((r) => Number(r.id)),
  );
  return { page: pageInfo(page, pageSize, count), list: rows.map((r) => toQuestion(r, answers)) };
}

export async function autoPublishAnswered(db: Db, shopId: number): Promise<0 | 1> {
  return (await q.findSettings(db, shopId))?.auto_publish_answered === 1 ? 1 : 0;
}

export async function setAutoPublishAnswered(deps: { db: Db; clock: Clock }, shopId: number, value: number): Promise<void> {
  if (value !== 0 && value !== 1) throw invalidArgument('auto_publish_answered', 'must be 0 or 1');
  await q.upsertSettings(deps.db, shopId, value, deps.clock.now());
}

/** Queues the email that tells the asker about each visible answer (once per answer). */
async function queueAnswerEmails(trx: Db, question: QuestionRow, now: number): Promise<void> {
  if (question.status !== 'published' || question.author_email === '') return;
  const answers = (await q.answersOf(trx, question.shop_id, [Number(question.id)])).filter((a) => a.is_published === 1);
  await q.insertQuestionEmails(
    trx,
    answers.map((a) => ({
      shop_id: question.shop_id,
      question_id: Number(question.id),
      kind: 'answer' as const,
      answer_id: Number(a.id),
      recipient: question.author_email,
      recipient_name: question.author,
      state: 'pending' as const,
      run_at: now,
      lease_until: null,
      created_at: now,
      updated_at: now,
    })),
  );
}

interface NewAnswer {
  content: string;
  author: string;
  authorEmail: string;
  byStore: 0 | 1;
  verifiedBuyer: 0 | 1;
}

/** Adds a published answer in one transaction: counts, auto-publish, ANSWER_QUESTION, `question.answered`, the asker's email. */
async function addAnswer(deps: QuestionDeps, shopId: number, questionId: number, answer: NewAnswer, eventSource: string): Promise<Question> {
  const content = answer.content.trim();
  if (content === '' || content.length > 5000) throw invalidArgument('content', 'must be 1-5000 characters');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await q.findQuestion(trx, shopId, questionId);
    if (!before) throw notFound('question');
    const row = await q.insertAnswer(trx, {
      shop_id: shopId,
      question_id: questionId,
      content,
      author: answer.author,
      author_email: answer.authorEmail,
      by_store: answer.byStore,
      verified_buyer: answer.verifiedBuyer,
      is_published: 1,
      created_at: now,
      updated_at: now,
    });
    await q.refreshQuestionCounts(trx, shopId, questionId, now);
    if (before.status === 'pending' && (await autoPublishAnswered(trx, shopId)) === 1) await q.updateQuestionStatus(trx, shopId, questionId, 'published', now);
    const { row: question, answers } = await loadQuestion(trx, shopId, questionId);
    await appendCustomerEvent(
      trx,
      deps.events,
      shopId,
      {
        event_type: 'ANSWER_QUESTION',
        event_source: eventSource,
        customer_email: answer.byStore ? question.author_email : answer.authorEmail,
        product_id: question.product_id,
        extra: { question_id: String(questionId), answer_id: String(row.id), verified_buyer: answer.verifiedBuyer === 1 },
      },
      now,
    );
    const wire = toQuestion(question, answers);
    await deps.events.emit(trx, { shopId, type: 'question.answered', data: wire, occurredAt: now });
    await queueAnswerEmails(trx, question, now);
    return wire;
  });
}

/** The store answers (partner API, CLI, console). The author defaults to the shop's name. */
export async function answerQuestion(deps: QuestionDeps, shopId: number, body: AnswerQuestionBody): Promise<Question> {
  const author = body.author?.trim() || (await findShopById(deps.db, shopId))?.name || 'Store';
  return addAnswer(deps, shopId, questionIdFrom(body.id), { content: body.content, author, authorEmail: '', byStore: 1, verifiedBuyer: 0 }, 'MERCHANT');
}

/** Publishes or hides a question, or (with answer_id) one of its answers. */
export async function setVisibility(deps: QuestionDeps, shopId: number, body: ModerateQuestionBody, visible: boolean): Promise<Question> {
  const questionId = questionIdFrom(body.id);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { answers } = await loadQuestion(trx, shopId, questionId);
    if (body.answer_id !== undefined) {
      const answerId = questionIdFrom(body.answer_id, 'answer_id');
      if (!answers.some((a) => Number(a.id) === answerId)) throw notFound('answer');
      await q.updateAnswerPublished(trx, shopId, answerId, visible ? 1 : 0, now);
      await q.refreshQuestionCounts(trx, shopId, questionId, now);
    } else {
      await q.updateQuestionStatus(trx, shopId, questionId, visible ? 'published' : 'hidden', now);
    }
    const after = await loadQuestion(trx, shopId, questionId);
    if (visible) await queueAnswerEmails(trx, after.row, now);
    return toQuestion(after.row, after.answers);
  });
}

/** Invites recent buyers of the product (not the asker, not unsubscribed from question emails) to answer by email. */
export async function inviteBuyers(deps: QuestionDeps, shopId: number, body: InviteBuyersBody): Promise<{ invited: number }> {
  const { row } = await loadQuestion(deps.db, shopId, questionIdFrom(body.id));
  if (row.status === 'hidden') throw invalidArgument('id', 'is a hidden question: publish it before inviting buyers');
  const max = body.max ?? DEFAULT_INVITES;
  const candidates = (await q.recentBuyers(deps.db, shopId, row.product_id, max + 1)).filter((b) => b.email !== row.author_email);
  const suppressed = await suppressedRecipients(
    deps.db,
    shopId,
    candidates.map((b) => ({ email: b.email, customerId: b.customerId })),
    'question_notification',
  );
  const now = deps.clock.now();
  const invited = await q.insertQuestionEmails(
    deps.db,
    candidates
      .filter((b) => !suppressed({ email: b.email, customerId: b.customerId }))
      .slice(0, max)
      .map((b) => ({
        shop_id: shopId,
        question_id: Number(row.id),
        kind: 'invitation' as const,
        answer_id: 0,
        recipient: b.email,
        recipient_name: b.name,
        state: 'pending' as const,
        run_at: now,
        lease_until: null,
        created_at: now,
        updated_at: now,
      })),
  );
  return { invited };
}

/** What the invitation page shows: the question, when the invited address may still answer it. */
export async function invitationState(deps: { db: Db }, claims: { s: number; q: number; e: string }) {
  const row = await q.findQuestion(deps.db, claims.s, claims.q);
  if (!row || row.status === 'hidden' || !(await q.isBuyerOf(deps.db, claims.s, row.product_id, claims.e))) return { kind: 'closed' as const };
  const answers = await q.answersOf(deps.db, claims.s, [claims.q]);
  if (answers.some((a) => a.author_email === claims.e)) return { kind: 'done' as const, question: row };
  return { kind: 'open' as const, question: row };
}

/** An invited buyer's answer: marked "verified buyer" (checked against their orders again). */
export async function answerAsBuyer(deps: QuestionDeps, claims: { s: number; q: number; e: string }, input: { content: string; author: string }): Promise<Question | null> {
  const state = await invitationState(deps, claims);
  if (state.kind !== 'open') return null;
  const author = input.author.trim() || 'Verified buyer';
  return addAnswer(deps, claims.s, claims.q, { content: input.content.slice(0, 5000), author: author.slice(0, 120), authorEmail: claims.e, byStore: 0, verifiedBuyer: 1 }, 'EMAIL');
}

/** Published questions of a product with their published answers (storefront). */
export async function publicQuestions(
  deps: { db: Db; dialect: DialectName },
  shopId: number,
  productId: string,
  options: { search?: string; sort: PublicQuestionSort; page: number; limit: number },
): Promise<PublicQuestionsPage> {
  const search = options.search?.trim();
  const { rows, count } = await q.listPublishedQuestions(deps.db, deps.dialect, shopId, { productId, ...(search ? { search } : {}) }, options.sort, {
    offset: (options.page - 1) * options.limit,
    limit: options.limit,
  });
  const answers = await q.publishedAnswersOf(
    deps.db,
    shopId,
    rows.map((r) => Number(r.id)),
  );
  return {
    list: rows.map((r) => toPublicQuestion(r, answers)),
    page: { cur_page: options.page, total_page: Math.ceil(count / options.limit), count },
  };
}

/** One vote per visitor per answer; the visitor is a keyed hash of address and user agent (no cookie), as for reviews. */
export async function voteAnswerHelpful(
  deps: { db: Db; clock: Clock },
  shopId: number,
  answerIdInput: string | number,
  visitor: { ip: string; userAgent: string; key: string },
): Promise<{ helpful_count: number; counted: 0 | 1 }> {
  const answerId = Number(answerIdInput);
  const answer = Number.isSafeInteger(answerId) ? await q.findVisibleAnswer(deps.db, shopId, answerId) : undefined;
  if (!answer) throw notFound('answer');
  const voter = createHmac('sha256', visitor.key).update(`answer|${answerId}|${visitor.ip}|${visitor.userAgent}`).digest('base64url').slice(0, 32);
  const now = deps.clock.now();
  const counted = await deps.db.transaction().execute(async (trx) => {
    const inserted = await q.insertAnswerVote(trx, { shop_id: shopId, answer_id: answerId, voter, created_at: now });
    if (inserted) await q.refreshQuestionCounts(trx, shopId, Number(answer.question_id), now);
    return inserted;
  });
  return { helpful_count: await q.answerHelpfulCount(deps.db, shopId, answerId), counted: counted ? 1 : 0 };
}
