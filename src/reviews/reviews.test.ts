import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { upsertProduct } from '../products/products.service.ts';

test('create_review with only rating and author applies the spec defaults and returns the whole Review', async (t) => {
  const { shopA, clock } = await buildTestApp(t);
  const res = await shopA.client.createReview({ rating: 5, author: 'Jane' });
  assert.equal(res.code, 0);
  assert.equal(res.message, 'success');
  assert.match(res.request_id, /^[0-9a-f]{32}$/);
  assert.equal(res.time, Math.floor(clock.now() / 1000));
  assert.deepEqual(res.data, {
    id: res.data.id,
    product_id: '0',
    product_title: '',
    product_handle: '',
    order_id: '',
    rating: 5,
    author: 'Jane',
    author_email: '',
    author_phone: '',
    author_country: '',
    title: '',
    content: '',
    commented_at: '2026-06-01 12:00:00',
    item_type: '',
    source: 'Shop',
    tag: '',
    is_verified: 0,
    is_featured: 0,
    is_published: 1,
    is_top: 0,
    is_incentivized: 0,
    media: [],
    reply: null,
    created_at: '2026-06-01T12:00:00Z',
    updated_at: '2026-06-01T12:00:00Z',
  });
  assert.match(res.data.id, /^[1-9][0-9]*$/);
});

test('create_review round-trips every field of the 2025 example (object media) and the 2026 example (array media)', async (t) => {
  const { shopA, database, clock } = await buildTestApp(t);
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '9200305176832', handle: 'red-shirt', title: 'Red shirt' });
  const legacy = await shopA.client.createReview({
    rating: 4,
    author: 'Trustoo',
    commented_at: '2025-06-20 00:00:00',
    source: 'Amazon',
    is_verified: 1,
    is_featured: 1,
    is_published: 0,
    is_top: 1,
    author_country: 'us',
    author_phone: '+1 555',
    tag: 'vip',
    content: 'this is a test',
    media: { images: ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'], thumbnails: ['https://img.example.com/a_s.jpg'], video: 'https://img.example.com/v.mp4', video_thumbnail: '' },
    reply: { content: 'Thank you', reply_at: '2025-06-21 08:30:00' },
    author_email: 'trustoo@example.com',
    order_id: '5551',
    product_id: 9200305176832,
    title: 'test',
    item_type: 'Red',
  });
  assert.equal(legacy.code, 0, legacy.message);
  const { id: _id, created_at: _c, updated_at: _u, ...fields } = legacy.data;
  assert.deepEqual(fields, {
    product_id: '9200305176832',
    product_title: 'Red shirt',
    product_handle: 'red-shirt',
    order_id: '5551',
    rating: 4,
    author: 'Trustoo',
    author_email: 'trustoo@example.com',
    author_phone: '+1 555',
    author_country: 'US',
    title: 'test',
    content: 'this is a test',
    commented_at: '2025-06-20 00:00:00',
    item_type: 'Red',
    source: 'Amazon',
    tag: 'vip',
    is_verified: 1,
    is_featured: 1,
    is_published: 0,
    is_top: 1,
    is_incentivized: 0,
    media: [
      { url: 'https://img.example.com/a.jpg', thumbnail_url: 'https://img.example.com/a_s.jpg', type: 1, is_published: 1 },
      { url: 'https://img.example.com/b.jpg', thumbnail_url: '', type: 1, is_published: 1 },
      { url: 'https://img.example.com/v.mp4', thumbnail_url: '', type: 2, is_published: 1 },
    ],
    reply: { content: 'Thank you', reply_at: '2025-06-21 08:30:00' },
  });

  const modern = await shopA.client.createReview({
    product_id: '9200305176832',
    rating: 5,
    author: 'Trustoo',
    author_country: 'US',
    content: '[openapi]this is a test',
    source: 'ChatWILL',
    media: [
      { url: 'https://img.example.com/x.jpeg?x-oss-process=style/trustoo_big', thumbnail_url: 'https://img.example.com/x.jpeg?x-oss-process=style/trustoo_small', type: 1, is_published: 1 },
      { url: 'https://img.example.com/y.mp4', type: '2', is_published: 0 },
    ],
  });
  assert.equal(modern.code, 0, modern.message);
  assert.equal(modern.data.source, 'ChatWILL');
  assert.deepEqual(modern.data.media, [
    { url: 'https://img.example.com/x.jpeg?x-oss-process=style/trustoo_big', thumbnail_url: 'https://img.example.com/x.jpeg?x-oss-process=style/trustoo_small', type: 1, is_published: 1 },
    { url: 'https://img.example.com/y.mp4', thumbnail_url: '', type: 2, is_published: 0 },
  ]);
  // get_review returns the same object create_review returned.
  const fetched = await shopA.client.getReview(modern.data.id);
  assert.deepEqual(fetched.data, modern.data);
  const byAlias = await shopA.client.call('GET', 'get_review', { query: { review_id: Number(modern.data.id) } });
  assert.deepEqual(byAlias.data, modern.data);
});

test('a review time with an offset is stored in UTC; an unknown source label is kept as sent', async (t) => {
  const { shopA } = await buildTestApp(t);
  const res = await shopA.client.createReview({ rating: 3, author: 'A', commented_at: '2025-06-20T11:06:48+02:00', source: 'Etsy' });
  assert.equal(res.data.commented_at, '2025-06-20 09:06:48');
  assert.equal(res.data.source, 'Etsy');
});

test('get_reviews: filters, sorting and pagination', async (t) => {
  const { shopA, clock } = await buildTestApp(t);
  const make = async (n: number, fields: Record<string, unknown>) => {
    clock.advance(1000);
    const res = await shopA.client.createReview({ rating: 5, author: `Author ${n}`, commented_at: `2025-01-${String(n).padStart(2, '0')} 10:00:00`, ...fields } as never);
    assert.equal(res.code, 0, res.message);
    return res.data.id;
  };
  const r1 = await make(1, { product_id: '111', rating: 5, content: 'Great FIT, love it', source: 'Amazon' });
  const r2 = await make(2, { product_id: '111', rating: 2, title: 'too small', is_published: 0 });
  const r3 = await make(3, { product_id: '222', rating: 4, author: 'Zed 100%' });
  const r4 = await make(4, { rating: 1, content: 'store was slow' });
  const r5 = await make(5, { product_id: '333', rating: 3, source: 'Amazon' });

  const ids = async (query: Record<string, unknown>) => {
    const res = await shopA.client.call<{ page: unknown; list: { id: string }[] }>('GET', 'get_reviews', { query: query as never });
    assert.equal(res.code, 0, res.message);
    return res.data.list.map((r) => r.id);
  };
  assert.deepEqual(await ids({}), [r5, r4, r3, r2, r1]);
  assert.deepEqual(await ids({ sort_by: 'created-ascending' }), [r1, r2, r3, r4, r5]);
  assert.deepEqual(await ids({ product_ids: '111' }), [r2, r1]);
  assert.deepEqual(await ids({ product_ids: ['111', '222'] }), [r3, r2, r1]);
  assert.deepEqual(await ids({ 'product_ids[0]': '111', 'product_ids[1]': '333' }), [r5, r2, r1]);
  assert.deepEqual(await ids({ 'product_ids[]': '222' }), [r3]);
  assert.deepEqual(await ids({ product_ids: '222,333' }), [r5, r3]);
  assert.deepEqual(await ids({ is_store_review: 1 }), [r4]);
  assert.deepEqual(await ids({ is_store_review: 0 }), [r5, r3, r2, r1]);
  assert.deepEqual(await ids({ keyword: 'fit' }), [r1]);
  assert.deepEqual(await ids({ keyword: 'SMALL' }), [r2]);
  assert.deepEqual(await ids({ keyword: '100%' }), [r3]);
  assert.deepEqual(await ids({ keyword: '%' }), [r3]);
  assert.deepEqual(await ids({ keyword: '_' }), []);
  assert.deepEqual(await ids({ ratings: ['1', '2'] }), [r4, r2]);
  assert.deepEqual(await ids({ 'ratings[0]': '5' }), [r1]);
  assert.deepEqual(await ids({ sources: 'Amazon' }), [r5, r1]);
  assert.deepEqual(await ids({ is_published: 0 }), [r2]);
  assert.deepEqual(await ids({ product_ids: '111', ratings: '5', is_published: 1 }), [r1]);

  const page2 = await shopA.client.getReviews({ page: 2, page_size: 2 });
  assert.deepEqual(page2.data.page, { page: 2, page_size: 2, total_page: 3, count: 5 });
  assert.deepEqual(
    page2.data.list.map((r) => r.id),
    [r3, r2],
  );
  const beyond = await shopA.client.getReviews({ page: 9, page_size: 2 });
  assert.deepEqual(beyond.data, { page: { page: 9, page_size: 2, total_page: 3, count: 5 }, list: [] });
  const clamped = await shopA.client.getReviews({ page: 0, page_size: 1000 });
  assert.deepEqual(clamped.data.page, { page: 1, page_size: 100, total_page: 1, count: 5 });
  const none = await shopA.client.getReviews({ product_ids: '999' });
  assert.deepEqual(none.data, { page: { page: 1, page_size: 20, total_page: 0, count: 0 }, list: [] });
});

test('delete_review removes the review from every read; a second delete is code 5', async (t) => {
  const { shopA } = await buildTestApp(t);
  const created = await shopA.client.createReview({ rating: 4, author: 'A', product_id: 7 });
  const deleted = await shopA.client.deleteReview(created.data.id);
  assert.equal(deleted.code, 0);
  assert.deepEqual(deleted.data, {});
  assert.equal((await shopA.client.getReview(created.data.id)).code, 5);
  assert.equal((await shopA.client.getReviews()).data.page.count, 0);
  const again = await shopA.client.call('POST', 'delete_review', { body: { review_id: Number(created.data.id) } });
  assert.equal(again.code, 5);
});

test('shop B can neither read, list, rate nor delete shop A reviews', async (t) => {
  const { shopA, shopB, snapshot } = await buildTestApp(t);
  const created = await shopA.client.createReview({ rating: 5, author: 'A', product_id: '42' });
  const before = await snapshot();
  const read = await shopB.client.getReview(created.data.id);
  assert.deepEqual([read.code, read.data], [5, null]);
  assert.equal((await shopB.client.getReviews()).data.page.count, 0);
  assert.equal((await shopB.client.getReviews({ product_ids: '42' })).data.page.count, 0);
  assert.equal((await shopB.client.getRating({ product_id: '42' })).data.review_count, 0);
  assert.equal((await shopB.client.getRating({ is_all_rating: 1 })).data.review_count, 0);
  assert.equal((await shopB.client.deleteReview(created.data.id)).code, 5);
  assert.deepEqual(await snapshot(), before);
  assert.equal((await shopA.client.getReview(created.data.id)).code, 0);
});
