import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, TEST_SECRET_KEY } from './helpers.ts';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { discardEvents } from '../src/events/events.ts';
import { forgetCustomer } from '../src/privacy/privacy.service.ts';
import { setReviewPublished } from '../src/reviews/reviews.service.ts';
import { upsertProduct } from '../src/products/products.service.ts';

type Review = Record<string, unknown> & { id: string };

/**
 * get_reviews pages are built as JSON by the database (src/reviews/reviews.json.ts); get_review
 * maps the row in JavaScript (src/reviews/reviews.mapping.ts). Both must give the same Review for
 * every kind of stored value, on both databases.
 */
test('get_reviews items equal get_review for every kind of stored value', async (t) => {
  const setup = await buildTestApp(t);
  const { shopA, database } = setup;
  await upsertProduct({ db: database.db, clock: setup.clock }, shopA.shopId, { product_id: '111', handle: 'blue-shirt', title: 'Blue "shirt" <b>' });
  const bodies: Record<string, unknown>[] = [
    { author: 'Ann', rating: 5 },
    { author: 'Zoë 🚀 \u0001\u001f', rating: 4, product_id: '111', title: 'Quote " backslash \\ slash / tab \t nl \n', content: '\u2028\u2029 <script>alert(1)</script> ' + 'x'.repeat(9000) },
    { author: 'Reply', rating: 3, product_id: '222', reply: { content: 'Thanks — merci', reply_at: '2025-06-20 11:06:48' } },
    {
      author: 'Old',
      rating: 2,
      commented_at: '2001-02-03 04:05:06',
      order_id: '5366963',
      item_type: 'Size: L',
      source: 'Amazon',
      tag: 'vip',
      author_email: 'a@example.com',
      author_phone: '+1 555',
      author_country: 'US',
    },
    { author: 'Flags', rating: 1, is_verified: 1, is_featured: 1, is_top: 1, is_published: 0 },
    {
      author: 'Media',
      rating: 5,
      product_id: '111',
      media: [
        { url: 'https://cdn.example.com/a.jpg', type: 1 },
        { url: 'https://cdn.example.com/v.mp4', type: 2 },
      ],
    },
  ];
  for (const body of bodies) {
    const created = await shopA.client.createReview(body as never);
    assert.equal(created.code, 0, `${created.message} for ${JSON.stringify(body).slice(0, 80)}`);
  }
  // Values the API never writes but the columns allow: milliseconds before and after 1970, a reply without its own time.
  const ids = (await database.db.selectFrom('reviews').select('id').where('shop_id', '=', shopA.shopId).orderBy('id').execute()).map((r) => r.id);
  await database.db.updateTable('reviews').set({ commented_at: -1, created_at: -999, updated_at: 1_767_136_066_999 }).where('id', '=', ids[0]!).execute();
  await database.db.updateTable('reviews').set({ reply_content: 'No time', reply_at: null, updated_at: 1_700_000_000_500 }).where('id', '=', ids[1]!).execute();
  await database.db
    .updateTable('reviews')
    .set({ commented_at: Date.UTC(100, 0, 1) })
    .where('id', '=', ids[4]!)
    .execute();
  await database.db
    .updateTable('reviews')
    .set({ commented_at: Date.UTC(9999, 11, 31, 23, 59, 59, 999) })
    .where('id', '=', ids[5]!)
    .execute();

  const page = await shopA.client.getReviews({ page: 1, page_size: 100 });
  assert.equal(page.code, 0, page.message);
  const listed = page.data.list as unknown as Review[];
  assert.equal(listed.length, bodies.length);
  for (const item of listed) {
    const single = await shopA.client.getReview(item.id);
    assert.equal(single.code, 0);
    assert.deepEqual(item, single.data, `review ${item.id}`);
  }
  const byAuthor = Object.fromEntries(listed.map((r) => [r.author, r]));
  assert.equal(byAuthor.Ann!.commented_at, '1969-12-31 23:59:59');
  assert.equal(byAuthor.Ann!.created_at, '1969-12-31T23:59:59Z');
  assert.deepEqual(byAuthor.Reply!.reply, { content: 'Thanks — merci', reply_at: '2025-06-20 11:06:48' });
  assert.equal(byAuthor.Flags!.commented_at, '0100-01-01 00:00:00');
  assert.equal(byAuthor.Media!.commented_at, '9999-12-31 23:59:59');
  assert.equal(byAuthor.Old!.commented_at, '2001-02-03 04:05:06');
  assert.equal(byAuthor['Zoë 🚀 \u0001\u001f']!.product_title, 'Blue "shirt" <b>');
  assert.equal((byAuthor.Media!.media as unknown[]).length, 2);
});

test('listed reviews follow every change, also one made through another database connection', async (t) => {
  const setup = await buildTestApp(t);
  const { shopA, database, clock } = setup;
  const other = openDatabase(loadConfig({ LOG_LEVEL: 'silent', PLAUDIT_SECRET_KEY: TEST_SECRET_KEY, DATABASE_URL: setup.databaseUrl }));
  t.after(() => other.close());
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '111', handle: 'shirt', title: 'Shirt' });
  const created = await shopA.client.createReview({ author: 'Ann', author_email: 'ann@example.com', rating: 5, product_id: '111' });
  assert.equal(created.code, 0, created.message);
  const listedOne = async () => {
    const page = await shopA.client.getReviews({ product_ids: '111' });
    assert.equal(page.code, 0, page.message);
    assert.equal(page.data.list.length, 1);
    const single = await shopA.client.getReview(created.data.id);
    assert.deepEqual(page.data.list[0], single.data);
    return page.data.list[0]!;
  };
  assert.equal((await listedOne()).is_published, 1);
  // The clock stands still: two writes in the same millisecond must still both show.
  const deps = (db: typeof database.db) => ({ db, dialect: database.dialect, clock, events: discardEvents });
  await setReviewPublished(deps(other.db), shopA.shopId, Number(created.data.id), 0);
  assert.equal((await listedOne()).is_published, 0);
  await setReviewPublished(deps(other.db), shopA.shopId, Number(created.data.id), 1);
  assert.equal((await listedOne()).is_published, 1);
  await upsertProduct({ db: other.db, clock }, shopA.shopId, { product_id: '111', handle: 'shirt-2', title: 'Shirt, new' });
  assert.deepEqual([(await listedOne()).product_title, (await listedOne()).product_handle], ['Shirt, new', 'shirt-2']);
  await forgetCustomer(deps(other.db), shopA.shopId, 'ann@example.com');
  assert.equal((await listedOne()).author_email, '');
  assert.equal((await shopA.client.deleteReview(created.data.id)).code, 0);
  assert.equal((await shopA.client.getReviews({ product_ids: '111' })).data.list.length, 0);
});
