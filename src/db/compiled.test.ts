import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from '../../test/helpers.ts';
import { compiledByShape, compiledOnce } from './compiled.ts';
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
  const shopId = Number(
    (
      await db
        .insertInto('shops')
        .values({ domain: 'a.myshopify.com', name: '', public_token: 'p', private_token_sealed: 's', auto_publish: 1, created_at: 0, updated_at: 0 } as never)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  const review = (productId: string, rating: number, content: string, isPublished: number, reply: string | null) => ({
    shop_id: shopId,
    product_id: productId,
    order_id: '',
    rating,
    author: 'A',
    author_email: '',
    author_phone: '',
    author_country: '',
    title: '',
    content,
    commented_at: 0,
    item_type: '',
    source: 'Shop',
    tag: '',
    is_verified: 0,
    is_featured: 0,
    is_published: isPublished,
    is_top: 0,
    media: '[]',
    reply_content: reply,
    reply_at: null,
    created_at: 0,
    updated_at: 0,
  });
  await db
    .insertInto('reviews')
    .values([
      review('1', 5, 'great shirt', 1, null),
      review('1', 2, 'too small', 1, 'sorry'),
      review('2', 4, 'great', 0, null),
      review('3', 1, '100% bad', 1, 'sorry'),
      review('2', 5, 'ok', 1, 'thanks'),
      { ...review('1', 5, 'pinned', 1, null), is_top: 1 },
    ])
    .execute();
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

const insertShop = async (db: Db, domain: string, publicToken: string) =>
  Number(
    (
      await db
        .insertInto('shops')
        .values({ domain, name: '', public_token: publicToken, private_token_sealed: 's', auto_publish: 1, created_at: 0, updated_at: 0 } as never)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );

test("compiledOnce runs the query with each call's named parameters, keeping the builder's own constants", async (t) => {
  const { database } = await openTestDatabase(t);
  const { db } = database;
  const seen: unknown[] = [];
  const byTokenAndMinId = compiledOnce((db: Db, { publicToken, minId }: { publicToken: string; minId: number }) => {
    seen.push(typeof publicToken, typeof minId);
    // auto_publish = 1 is the builder's own constant; minId is used twice.
    return db
      .selectFrom('shops')
      .select(['id', 'domain'])
      .where('public_token', '=', publicToken)
      .where('id', '>=', minId)
      .where('id', '<', sql<number>`${minId} + 1000000`)
      .where('auto_publish', '=', 1);
  });
  const a = await insertShop(db, 'a.myshopify.com', 'pa');
  const b = await insertShop(db, 'b.myshopify.com', 'pb');
  await db.updateTable('shops').set({ auto_publish: 0 }).where('id', '=', b).execute();
  const c = await insertShop(db, 'c.myshopify.com', 'pc');
  for (let round = 0; round < 2; round++) {
    assert.deepEqual(await byTokenAndMinId(db, { publicToken: 'pa', minId: a }), [{ id: a, domain: 'a.myshopify.com' }]);
    assert.deepEqual(await byTokenAndMinId(db, { publicToken: 'pa', minId: a + 1 }), []);
    assert.deepEqual(await byTokenAndMinId(db, { publicToken: 'pb', minId: 0 }), [], 'auto_publish = 1 stays in the query');
    assert.deepEqual(await byTokenAndMinId(db, { minId: 0, publicToken: 'pc' }), [{ id: c, domain: 'c.myshopify.com' }], 'named, not positional');
    await db.transaction().execute(async (trx) => {
      assert.deepEqual(await byTokenAndMinId(trx, { publicToken: 'pa', minId: 0 }), [{ id: a, domain: 'a.myshopify.com' }], 'in a transaction');
    });
  }
  assert.deepEqual(seen, ['string', 'number'], "built once, with stand-ins of the parameters' own types");
});

test('compiledOnce refuses a builder that derives values from its parameters instead of passing them through', async (t) => {
  const { database } = await openTestDatabase(t);
  const { db } = database;
  const pattern = compiledOnce((db: Db, { domain }: { domain: string }) => db.selectFrom('shops').select('id').where('domain', 'like', `${domain}%`));
  await assert.rejects(pattern(db, { domain: 'a' }), /compiledOnce: the builder must pass its parameters \(domain\) to the query as they are/);
  const sum = compiledOnce((db: Db, { id }: { id: number }) =>
    db
      .selectFrom('shops')
      .select('id')
      .where('id', '=', id + 1),
  );
  await assert.rejects(sum(db, { id: 1 }), /compiledOnce/);
});

test('compiledByShape hands the builder numbers for numbers and builds again when one is derived', async (t) => {
  const { database } = await openTestDatabase(t);
  const { db } = database;
  const a = await insertShop(db, 'a.myshopify.com', 'pa');
  const b = await insertShop(db, 'b.myshopify.com', 'pb');
  let builds = 0;
  const next = compiledByShape((db: Db, { id }: { id: number }) => {
    builds++;
    assert.equal(typeof id, 'number');
    return db
      .selectFrom('shops')
      .select('domain')
      .where('id', '=', id + 1);
  });
  assert.deepEqual(await next(db, { id: a }), [{ domain: 'b.myshopify.com' }]);
  assert.deepEqual(await next(db, { id: b }), []);
  assert.equal(builds, 3, 'the stand-in build, then one build with each real input');
});
