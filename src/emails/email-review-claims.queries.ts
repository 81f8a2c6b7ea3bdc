import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { EmailReviewClaimsTable } from './email-review-claims.table.ts';

/** The products of an order that already have their review from an emailed link. */
export async function reviewedProducts(db: Db, shopId: number, orderId: string, productIds: string[]): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const rows = await db.selectFrom('email_review_claims').select('product_id').where('shop_id', '=', shopId).where('order_id', '=', orderId).where('product_id', 'in', productIds).execute();
  return new Set(rows.map((r) => r.product_id));
}

/** True when this call took the claim; false when another review already holds it (the primary key decides). */
export async function claimEmailReview(db: Db, claim: Insertable<EmailReviewClaimsTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('email_review_claims')
    .values(claim)
    .onConflict((oc) => oc.columns(['shop_id', 'order_id', 'product_id']).doNothing())
    .returning('review_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
