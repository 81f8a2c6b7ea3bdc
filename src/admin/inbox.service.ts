import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import type { ReviewWithProduct } from '../reviews/reviews.queries.ts';
import { deleteReviewIn, moderateReview, reviewStatus, type ReviewAudit, type ReviewChange } from '../reviews/reviews.moderation.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import { badInput, missing } from './admin.problems.ts';
import { decodeCursor, encodeCursor, filterFingerprint, parseInboxFilter, type InboxFilterInput, type Sort } from './inbox.filter.ts';
import { changedSince, inboxPage, inboxTotal, latestChange, sortKeyLength, sortKeyOf } from './inbox.queries.ts';
import { prepareSearch } from './inbox.search.ts';
import { appendLedger, ledgerEntryView, type LedgerActor } from './ledger.service.ts';
import { holdOfReview } from '../moderation/rules.service.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export function reviewItem(row: ReviewWithProduct) {
  const media = JSON.parse(row.media) as ReviewMedia[];
  return {
    id: String(row.id),
    status: reviewStatus(row),
    hide_reason: row.is_published === 1 ? null : row.hide_reason,
    rating: row.rating,
    title: row.title,
    content: row.content,
    author: row.author,
    author_email: row.author_email,
    product_id: row.product_id,
    product_title: row.product_title,
    source: row.source,
    verified: row.is_verified === 1,
    featured: row.is_featured === 1,
    pinned: row.is_top === 1,
    tag: row.tag,
    photo_count: media.filter((m) => Number(m.type) === 1).length,
    video_count: media.filter((m) => Number(m.type) === 2).length,
    reply: row.reply_content === null ? null : { content: row.reply_content, replied_at: iso(row.reply_at ?? row.updated_at)! },
    commented_at: iso(row.commented_at)!,
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
  };
}

/** The moderation-relevant state of a review, as the ledger records it before → after. */
export const moderationState = (row: ReviewWithProduct) => ({
  status: reviewStatus(row),
  hide_reason: row.is_published === 1 ? null : row.hide_reason,
  featured: row.is_featured === 1,
  pinned: row.is_top === 1,
  tag: row.tag,
  reply: row.reply_content,
  hidden_media: (JSON.parse(row.media) as ReviewMedia[]).flatMap((m, i) => (m.is_published === 0 ? [i] : [])),
});

const ACTIONS: Record<ReviewChange['kind'], string> = { publish: 'review.publish', hide: 'review.hide', flags: 'review.update', reply: 'review.reply', media: 'review.media' };

/** Writes each change of a review to the shop's ledger, in the change's transaction. */
export const ledgerAudit =
  (app: FastifyInstance, shopId: number, actor: LedgerActor, job?: number): ReviewAudit =>
  async (trx, { before, after, change }) =>
    appendLedger(trx, app.clock, {
      shopId,
      actor,
      action: ACTIONS[change.kind],
      subject: `review:${before.id}`,
      before: moderationState(before),
      after: { ...moderationState(after), ...(job ? { job } : {}) },
    });

export const deleteAudit = (app: FastifyInstance, shopId: number, actor: LedgerActor, job?: number) => async (trx: Db, before: ReviewWithProduct) =>
  appendLedger(trx, app.clock, {
    shopId,
    actor,
    action: 'review.delete',
    subject: `review:${before.id}`,
    before: { ...moderationState(before), rating: before.rating, author: before.author },
    after: job ? { job } : null,
  });

export interface InboxQuery extends InboxFilterInput {
  sort?: Sort;
  limit?: number;
  cursor?: string;
}

export async function listInbox(app: FastifyInstance, shopId: number, query: InboxQuery) {
  const filter = parseInboxFilter(query);
  const sort = query.sort ?? 'newest';
  const limit = query.limit ?? 25;
  const fingerprint = filterFingerprint(filter, sort);
  const cursor = decodeCursor(query.cursor, fingerprint, sortKeyLength(sort));
  if (cursor && sort.startsWith('rating') && !(cursor.k[0]! >= 1 && cursor.k[0]! <= 5)) throw badInput('cursor', 'is not a cursor of this list');
  const prefix = await prepareSearch(app.db, app.dialect, shopId, filter.words);
  const rows = await inboxPage(app.db, app.dialect, { shopId, filter, sort, limit: limit + 1, after: cursor?.k }, prefix);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const { total, exact } = await inboxTotal(app.db, app.dialect, shopId, filter, prefix);
  return {
    items: page.map(reviewItem),
    next_cursor: rows.length > limit && last ? encodeCursor({ f: fingerprint, k: sortKeyOf(sort, last) }) : null,
    total,
    total_is_exact: exact,
  };
}

export async function reviewDetail(app: FastifyInstance, shopId: number, reviewId: number) {
  const row = (await app.db
    .selectFrom('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.id', '=', reviewId)
    .executeTakeFirst()) as ReviewWithProduct | undefined;
  if (!row) throw missing('review');
  const order = row.order_id === '' ? undefined : await app.db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('order_id', '=', row.order_id).executeTakeFirst();
  const history = await app.db.selectFrom('moderation_ledger').selectAll().where('shop_id', '=', shopId).where('subject', '=', `review:${reviewId}`).orderBy('seq').limit(200).execute();
  const hold = await holdOfReview(app.db, shopId, reviewId);
  return {
    ...reviewItem(row),
    author_phone: row.author_phone,
    author_country: row.author_country,
    item_type: row.item_type,
    order_id: row.order_id,
    media: (JSON.parse(row.media) as ReviewMedia[]).map((m, index) => ({
      index,
      type: Number(m.type) === 2 ? ('video' as const) : ('image' as const),
      url: m.url,
      thumbnail_url: m.thumbnail_url,
      hidden: m.is_published === 0,
    })),
    order: order
      ? {
          order_id: order.order_id,
          order_name: order.order_name,
          customer_name: order.customer_name,
          customer_email: order.customer_email,
          status: ORDER_STATUS_NAMES[order.status] ?? String(order.status),
          created_at: iso(order.order_created_at)!,
        }
      : null,
    history: history.map(ledgerEntryView),
    hold: hold ? { reasons: hold.reasons, held_at: iso(hold.held_at)!, released_at: iso(hold.released_at) } : null,
  };
}

const ORDER_STATUS_NAMES: Record<number, string> = { 1: 'waiting', 2: 'scheduled', 3: 'sent', 4: 'opened', 5: 'evaluated', 6: 'cancelled' };

export const reviewIdOf = (text: string): number => {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) throw missing('review');
  return Number(text);
};

export async function moderate(app: FastifyInstance, shopId: number, reviewId: number, actor: LedgerActor, change: ReviewChange) {
  await moderateReview(app, shopId, reviewId, change, ledgerAudit(app, shopId, actor));
  return reviewDetail(app, shopId, reviewId);
}

export async function removeReview(app: FastifyInstance, shopId: number, reviewId: number, actor: LedgerActor): Promise<void> {
  const deleted = await app.db.transaction().execute((trx) => deleteReviewIn(trx, app, shopId, reviewId, deleteAudit(app, shopId, actor)));
  if (!deleted) throw missing('review');
}

const SINCE = /^(\d{1,16})\.(\d{1,16})$/;

/** New and changed reviews since a token; without one, only a fresh token (the SPA starts from now). */
export async function reviewChanges(app: FastifyInstance, shopId: number, since: string | undefined) {
  if (since === undefined || since === '') {
    const latest = await latestChange(app.db, shopId);
    return { items: [], since: `${latest.at}.${latest.id}` };
  }
  const m = SINCE.exec(since);
  if (!m) throw badInput('since', 'must be a token from an earlier answer');
  const rows = await changedSince(app.db, shopId, { at: Number(m[1]), id: Number(m[2]) }, 100);
  const last = rows[rows.length - 1];
  return { items: rows.map(reviewItem), since: last ? `${last.updated_at}.${last.id}` : since };
}
