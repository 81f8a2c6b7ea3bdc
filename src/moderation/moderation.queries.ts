import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ModerationRulesRow } from './moderation.table.ts';

export const findRules = (db: Db, shopId: number): Promise<ModerationRulesRow | undefined> => db.selectFrom('moderation_rules').selectAll().where('shop_id', '=', shopId).executeTakeFirst();

export const upsertRules = (db: Db, row: ModerationRulesRow) => {
  const { shop_id: _shopId, ...set } = row;
  return db
    .insertInto('moderation_rules')
    .values(row)
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(set))
    .execute();
};

/** Whether this address already reviewed this product (addresses are stored lower-cased), counting only reviews written before `beforeReviewId` when given (an edit of that review). */
export async function hasReviewedProduct(db: Db, shopId: number, productId: string, email: string, beforeReviewId?: number): Promise<boolean> {
  const row = await db
    .selectFrom('reviews')
    .select('id')
    .where('shop_id', '=', shopId)
    .where('author_email', '=', email)
    .where('product_id', '=', productId)
    .$if(beforeReviewId !== undefined, (qb) => qb.where('id', '<', beforeReviewId!))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export const insertHold = (db: Db, hold: { review_id: number; shop_id: number; reasons: string; held_at: number }) =>
  db
    .insertInto('review_holds')
    .values({ ...hold, released_at: null })
    .execute();

/** The hold of an edited review starts again from the edit (reasons, held_at; not released). */
export const upsertHold = (db: Db, hold: { review_id: number; shop_id: number; reasons: string; held_at: number }) =>
  db
    .insertInto('review_holds')
    .values({ ...hold, released_at: null })
    .onConflict((oc) => oc.column('review_id').doUpdateSet({ reasons: hold.reasons, held_at: hold.held_at, released_at: null }))
    .execute();

export const deleteHold = (db: Db, shopId: number, reviewId: number) => db.deleteFrom('review_holds').where('shop_id', '=', shopId).where('review_id', '=', reviewId).execute();

export const holdOf = (db: Db, shopId: number, reviewId: number) => db.selectFrom('review_holds').selectAll().where('shop_id', '=', shopId).where('review_id', '=', reviewId).executeTakeFirst();

/**
 * Held reviews that are still pending (no person published or rejected them) and whose
 * shop's release delay has passed. The default delay is `defaultDays` for shops without rules.
 */
export const dueHolds = (db: Db, now: number, defaultDays: number, limit: number) =>
  db
    .selectFrom('review_holds')
    .innerJoin('reviews', 'reviews.id', 'review_holds.review_id')
    .leftJoin('moderation_rules', 'moderation_rules.shop_id', 'review_holds.shop_id')
    .select(['review_holds.shop_id', 'review_holds.review_id'])
    .where('review_holds.released_at', 'is', null)
    .where('reviews.is_published', '=', 0)
    .where('reviews.hide_reason', 'is', null)
    .where(sql<number>`coalesce(moderation_rules.release_after_days, ${defaultDays})`, '>', 0)
    // bigint arithmetic: 365 days in milliseconds does not fit PostgreSQL's integer.
    .where(sql<number>`review_holds.held_at + cast(coalesce(moderation_rules.release_after_days, ${defaultDays}) as bigint) * 86400000`, '<=', now)
    .orderBy('review_holds.held_at')
    .limit(limit)
    .execute();

export const markReleased = (db: Db, shopId: number, reviewId: number, now: number) =>
  db.updateTable('review_holds').set({ released_at: now }).where('shop_id', '=', shopId).where('review_id', '=', reviewId).execute();
