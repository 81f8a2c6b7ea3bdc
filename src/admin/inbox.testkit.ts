import assert from 'node:assert/strict';
import type { TestApp } from '../../test/helpers.ts';
import { createReview } from '../reviews/reviews.service.ts';
import type { CreateReviewBody } from '../reviews/reviews.schemas.ts';

export async function addReview(testApp: TestApp, shopId: number, body: Partial<CreateReviewBody> = {}): Promise<string> {
  const review = await createReview(testApp.app, shopId, { rating: 5, author: 'Ann', ...body } as CreateReviewBody);
  return review.id;
}

/** The maintained shop-wide summary equals a recount of the reviews table. */
export async function assertRatingsExact(testApp: TestApp, shopId: number): Promise<void> {
  const db = testApp.database.db;
  const reviews = await db.selectFrom('reviews').select(['rating', 'is_published', 'product_id']).where('shop_id', '=', shopId).execute();
  const summaries = await db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopId).execute();
  const subjects = new Set(['*all', ...reviews.map((r) => r.product_id)]);
  for (const subject of subjects) {
    const mine = reviews.filter((r) => subject === '*all' || r.product_id === subject);
    const row = summaries.find((s) => s.subject === subject);
    const stars = [1, 2, 3, 4, 5].map((n) => mine.filter((r) => r.is_published === 1 && r.rating === n).length);
    assert.deepEqual(
      row ? [Number(row.star1), Number(row.star2), Number(row.star3), Number(row.star4), Number(row.star5), Number(row.rating_sum), Number(row.review_total)] : [0, 0, 0, 0, 0, 0, 0],
      [...stars, stars.reduce((sum, c, i) => sum + c * (i + 1), 0), mine.length],
      `summary of ${subject} equals a recount`,
    );
  }
}
