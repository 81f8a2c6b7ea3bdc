import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { buildTestApp } from '../../test/helpers.ts';
import { insertReviewRow } from '../reviews/reviews.queries.ts';
import { upsertProduct } from '../products/products.service.ts';
import { FEED_PAGE_SIZE, fixedReviewBytes, resolveFeed } from './feed.service.ts';
import { feedReviewPage, feedSizePage } from './feed.queries.ts';
import { reviewXml } from './feed.xml.ts';
import { feedUrlOfShopA, pathOf, plainParser, seedFeedFixture } from './feeds.testkit.ts';

const idsOf = (body: string): number[] => ((plainParser.parse(body) as { feed: { reviews?: { review: { review_id: string }[] } } }).feed.reviews?.review ?? []).map((r) => Number(r.review_id));

test('a feed over the size limit is split into numbered files, each a complete feed under the limit, listed by the index', async (t) => {
  const maxBytes = 3000;
  const setup = await buildTestApp(t, { env: { FEED_MAX_FILE_BYTES: String(maxBytes) } });
  const { app, shopA, clock } = setup;
  await seedFeedFixture(setup);
  for (let i = 0; i < 12; i++) {
    clock.advance(1000);
    await shopA.client.createReview({ rating: 5, author: `Buyer ${i}`, product_id: '777', content: `Review number ${i} `.repeat(10) });
  }
  const url = await feedUrlOfShopA(setup);
  const main = await app.inject({ url: pathOf(url) });
  assert.equal(main.statusCode, 302);
  assert.equal(main.headers.location, 'google-product-reviews-index.xml');

  const index = await app.inject({ url: pathOf(url).replace('.xml', '-index.xml') });
  assert.equal(index.statusCode, 200);
  const files = (plainParser.parse(index.body) as { feed_index: { feed_file: { url: string; lastmod: string }[] } }).feed_index.feed_file;
  assert.ok(files.length >= 3, `split into ${files.length} files`);
  const seen: number[] = [];
  for (const [i, file] of files.entries()) {
    assert.equal(file.url, url.replace('.xml', `-${i + 1}.xml`));
    const part = await app.inject({ url: pathOf(file.url) });
    assert.equal(part.statusCode, 200);
    assert.ok(Buffer.byteLength(part.body) <= maxBytes, `file ${i + 1} is ${Buffer.byteLength(part.body)} bytes`);
    assert.ok(part.body.startsWith('<?xml') && part.body.endsWith('</feed>\n'));
    const ids = idsOf(part.body);
    assert.ok(ids.length > 0);
    seen.push(...ids);
    const repeat = await app.inject({ url: pathOf(file.url), headers: { 'if-none-match': part.headers.etag as string } });
    assert.equal(repeat.statusCode, 304);
  }
  assert.equal(new Set(seen).size, seen.length, 'no review in two files');
  assert.equal(seen.length, 5 + 12);

  // The sizing pass's bound (computed by the database) is never below a review's real size.
  const feed = (await resolveFeed(setup.database.db, setup.config.publicUrl, pathOf(url).split('/')[2]!))!;
  const bounds = await feedSizePage(setup.database.db, shopA.shopId, null, 1000);
  const rendered = await feedReviewPage(setup.database.db, shopA.shopId, null, 1000);
  assert.equal(bounds.length, rendered.length);
  rendered.forEach((row, i) => {
    const actual = Buffer.byteLength(reviewXml(feed.context, row));
    const bound = fixedReviewBytes(feed.context) + Number(bounds[i]!.variable_bytes);
    assert.ok(actual <= bound, `review ${row.id}: ${actual} bytes > bound ${bound}`);
    assert.ok(bound < actual * 3 + 2000, `review ${row.id}: bound ${bound} is useful`);
  });
  assert.equal((await app.inject({ url: pathOf(url).replace('.xml', `-${files.length + 1}.xml`) })).statusCode, 404);

  // With a large limit the same feed is one file, and the index lists just it.
  const whole = await buildTestApp(t);
  await seedFeedFixture(whole);
  const wholeUrl = await feedUrlOfShopA(whole);
  assert.equal((await whole.app.inject({ url: pathOf(wholeUrl) })).statusCode, 200);
  const wholeIndex = await whole.app.inject({ url: pathOf(wholeUrl).replace('.xml', '-index.xml') });
  assert.equal((plainParser.parse(wholeIndex.body) as { feed_index: { feed_file: unknown[] } }).feed_index.feed_file.length, 1);
});

test('keyset pagination: reviews sharing one timestamp across page boundaries are each sent once, streamed in chunks over a socket', async (t) => {
  const setup = await buildTestApp(t);
  const { app, shopA, database, clock } = setup;
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '42', handle: 'p', title: 'P', url: 'https://shop-a.example.com/p' });
  const count = FEED_PAGE_SIZE * 2 + 37;
  const now = clock.now();
  const inserted: number[] = [];
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      const rating = (i % 5) + 1;
      inserted.push(
        await insertReviewRow(
          trx,
          {
            shop_id: shopA.shopId,
            product_id: '42',
            order_id: '',
            rating,
            author: `A${i}`,
            author_email: '',
            author_phone: '',
            author_country: '',
            title: '',
            content: `Same second ${i}`,
            commented_at: now - (i % 3 === 0 ? 0 : 1000),
            item_type: '',
            source: 'Shop',
            tag: '',
            is_verified: 0,
            is_featured: 0,
            is_published: 1,
            is_top: 0,
            media: '[]',
            reply_content: null,
            reply_at: null,
            created_at: now,
            updated_at: now,
          },
          now,
          async (id) => id,
        ),
      );
    }
  });
  const path = pathOf(await feedUrlOfShopA(setup));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const { headers, body, chunks } = await new Promise<{ headers: Record<string, unknown>; body: string; chunks: number }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let text = '';
      let n = 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        n += 1;
      });
      res.on('end', () => resolve({ headers: res.headers, body: text, chunks: n }));
    })
      .on('error', reject)
      .end();
  });
  assert.equal(headers['transfer-encoding'], 'chunked', 'streamed, not buffered with a length');
  assert.ok(chunks >= 3, `${chunks} chunks`);
  const ids = idsOf(body);
  assert.equal(ids.length, count);
  assert.deepEqual(
    [...ids].sort((a, b) => a - b),
    [...inserted].sort((a, b) => a - b),
  );
});
