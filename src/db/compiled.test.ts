import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../../test/helpers.ts';
import { compiledByShape } from './compiled.ts';
import type { Db } from './database.ts';

interface Filter {
  shape: { order: 'asc' | 'desc' };
  shopId: number;
  productIds: string[];
  ratings: number[];
  published?: number;
  keyword?: string;
  replyContent: string | null;
}

/** The same query built by Kysely on every call, and through compiledByShape. */
const build = (db: Db, f: Filter) => {
  // is_top = 0 is the builder's own constant: it stays in the compiled query.
  let query = db.selectFrom('reviews').select(['id', 'rating']).where('shop_id', '=', f.shopId).where('is_top', '=', 0);
  if (f.productIds.length > 0) query = query.where('product_id', 'in', f.productIds);
  if (f.ratings.length > 0) query = query.where('rating', 'in', f.ratings);
  if (f.published !== undefined) query = query.where('is_published', '=', f.published);
  if (f.keyword !== undefined) query = query.where('content', 'like', `%${f.keyword}%`);
  query = query.where((eb) => eb.or([eb('reply_content', '=', f.replyContent), eb('reply_content', 'is', null)]));
  return query.orderBy('id', f.shape.order);
};
const compiled = compiledByShape<Filter, { id: number; rating: number }>(build);

test('compiledByShape gives the rows of the query built with the real values, for every shape', async (t) => {
  const { database } = await openTestDatabase(t);
  const { db } = database;
  const shopId = Number((await db.insertInto('shops').values({ domain: 'a.myshopify.com', name: '', public_token: 'p', private_token_sealed: 's', auto_publish: 1, created_at: 0, updated_at: 0 } as never).returning('id').executeTakeFirstOrThrow()).id);
  const review = (productId: string, rating: number, content: string, isPublished: number, reply: string | null) => ({
    shop_id: shopId, product_id: productId, order_id: '', rating, author: 'A', author_email: '', author_phone: '', author_country: '', title: '', content,
    commented_at: 0, item_type: '', source: 'Shop', tag: '', is_verified: 0, is_featured: 0, is_published: isPublished, is_top: 0, media: '[]',
    reply_content: reply, reply_at: null, created_at: 0, updated_at: 0,
  });
  await db.insertInto('reviews').values([
    review('1', 5, 'great shirt', 1, null), review('1', 2, 'too small', 1, 'sorry'), review('2', 4, 'great', 0, null),
    review('3', 1, '100% bad', 1, 'sorry'), review('2', 5, 'ok', 1, 'thanks'), { ...review('1', 5, 'pinned', 1, null), is_top: 1 },
  ]).execute();
  const filters: Filter[] = [
    { shape: { order: 'asc' }, shopId, productIds: [], ratings: [], replyContent: null },
    { shape: { order: 'desc' }, shopId, productIds: ['1'], ratings: [], replyContent: 'sorry' },
    { shape: { order: 'desc' }, shopId, productIds: ['2'], ratings: [], replyContent: 'sorry' },
    { shape: { order: 'asc' }, shopId, productIds: ['1', '2'], ratings: [5, 4], published: 1, replyContent: 'thanks' },
    { shape: { order: 'asc' }, shopId, productIds: ['2', '3'], ratings: [5, 1], published: 0, replyContent: null },
    { shape: { order: 'asc' }, shopId, productIds: [], ratings: [], keyword: 'great', replyContent: null },
    { shape: { order: 'asc' }, shopId, productIds: [], ratings: [], keyword: '100%', replyContent: 'sorry' },
    { shape: { order: 'asc' }, shopId: shopId + 1, productIds: [], ratings: [], replyContent: null },
  ];
  for (let round = 0; round < 2; round++) {
    for (const filter of filters) {
      const expected = await build(db, filter).execute();
      assert.deepEqual(await compiled(db, filter), expected, JSON.stringify(filter));
      await db.transaction().execute(async (trx) => assert.deepEqual(await compiled(trx, filter), expected, `in a transaction: ${JSON.stringify(filter)}`));
    }
  }
});
