import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { upsertProduct } from '../products/products.service.ts';
import { feedCommands } from './feeds.cli.ts';
import { IN_FEED, TRICKY_CONTENT_CLEAN, childrenOf, feedUrlOfShopA, orderedParser, pathOf, plainParser, seedFeedFixture, tagOf, type OrderedNode } from './feeds.testkit.ts';

/**
 * The element sequences of Product Ratings schema 2.4, copied from the spec (google-feed.md),
 * independently of the renderer's constant: [name, required].
 */
const SPEC_SEQUENCES: Record<string, [string, boolean][]> = {
  feed: [
    ['version', true],
    ['aggregator', false],
    ['publisher', true],
    ['reviews', false],
  ],
  publisher: [
    ['name', true],
    ['favicon', false],
  ],
  review: [
    ['review_id', true],
    ['reviewer', true],
    ['review_timestamp', true],
    ['title', false],
    ['content', true],
    ['pros', false],
    ['cons', false],
    ['review_url', true],
    ['reviewer_images', false],
    ['ratings', true],
    ['products', true],
    ['is_spam', false],
    ['collection_method', false],
    ['transaction_id', false],
    ['is_verified_purchase', false],
    ['is_incentivized_review', false],
  ],
  reviewer: [
    ['name', true],
    ['reviewer_id', false],
  ],
  products: [['product', true]],
  product: [
    ['product_ids', false],
    ['product_name', false],
    ['product_url', true],
  ],
  product_ids: [
    ['gtins', false],
    ['mpns', false],
    ['skus', false],
    ['brands', false],
    ['asins', false],
  ],
  ratings: [['overall', true]],
};
const REPEATABLE = new Set(['review', 'product', 'reviewer_image', 'gtin', 'mpn', 'sku', 'brand', 'asin']);

/** Every element whose sequence the spec gives has its children in that order, required ones present, none unknown. */
function checkOrder(node: OrderedNode, path: string): number {
  const tag = tagOf(node);
  if (tag === '#text') return 0;
  let checked = 0;
  const children = childrenOf(node).filter((c) => tagOf(c) !== '#text');
  const sequence = SPEC_SEQUENCES[tag];
  if (sequence) {
    let position = 0;
    const seen = new Set<string>();
    for (const child of children) {
      const name = tagOf(child);
      const index = sequence.findIndex(([n]) => n === name);
      assert.ok(index >= 0, `${path}/${tag}: unexpected <${name}>`);
      assert.ok(index >= position, `${path}/${tag}: <${name}> comes after <${sequence[position]![0]}> in schema 2.4`);
      assert.ok(!seen.has(name) || REPEATABLE.has(name), `${path}/${tag}: <${name}> repeated`);
      seen.add(name);
      position = index;
    }
    for (const [name, required] of sequence) if (required) assert.ok(seen.has(name), `${path}/${tag}: <${name}> is required`);
    checked += 1;
  }
  for (const child of children) checked += checkOrder(child, `${path}/${tag}`);
  return checked;
}

const XS_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

interface ParsedReview {
  review_id: string;
  reviewer: { name: string | { '#text': string; '@_is_anonymous': string } };
  review_timestamp: string;
  title?: string;
  content: string;
  review_url: { '#text': string; '@_type': string };
  reviewer_images?: { reviewer_image: { url: string }[] };
  ratings: { overall: { '#text': string; '@_min': string; '@_max': string } };
  products: { product: { product_ids?: Record<string, Record<string, string>>; product_name?: string; product_url: string } };
  collection_method: string;
  transaction_id?: string;
  is_verified_purchase: string;
  is_incentivized_review: string;
}

const reviewsOf = (body: string): ParsedReview[] => (plainParser.parse(body) as { feed: { reviews?: { review: ParsedReview[] } } }).feed.reviews?.review ?? [];

test('the Google feed: published product reviews only, every element in schema 2.4 order, escaped, dated as xs:dateTime', async (t) => {
  const setup = await buildTestApp(t);
  const { app, config } = setup;
  const ids = await seedFeedFixture(setup);
  const url = await feedUrlOfShopA(setup);
  assert.match(url, new RegExp(`^${config.publicUrl}/feeds/[A-Za-z0-9_-]{32}/google-product-reviews\\.xml$`));

  const res = await app.inject({ url: pathOf(url) });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
  const body = res.body;
  assert.ok(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<feed '));
  assert.match(body, /xsi:noNamespaceSchemaLocation="http:\/\/www\.google\.com\/shopping\/reviews\/schema\/product\/2\.4\/product_reviews\.xsd"/);
  // Characters XML 1.0 forbids are gone; & and < are escaped.

  assert.doesNotMatch(body, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
  assert.ok(body.includes('Fits &amp; feels &lt;great&gt;'));
  assert.ok(!body.includes('<great>') && !body.includes('<b>'));

  const tree = orderedParser.parse(body) as OrderedNode[];
  const feed = tree.find((n) => tagOf(n) === 'feed')!;
  assert.ok(checkOrder(feed, '') > 5 * 5, 'the sequences of the feed and of every review were checked');

  const reviews = reviewsOf(body);
  const byId = new Map(reviews.map((r) => [Number(r.review_id), r]));
  assert.deepEqual(
    [...byId.keys()].sort((a, b) => a - b),
    IN_FEED.map((k) => ids[k]).sort((a, b) => a - b),
    'store, unpublished, other-shop, unknown-product and empty reviews are absent',
  );
  for (const review of reviews) {
    assert.match(review.review_timestamp, XS_DATE_TIME);
    assert.equal(review.review_url['@_type'], 'singleton');
    assert.equal(review.review_url['#text'], `${config.publicUrl}/s/shop-a.myshopify.com/reviews/${review.review_id}`);
    assert.deepEqual([review.ratings.overall['@_min'], review.ratings.overall['@_max']], ['1', '5']);
    assert.equal(review.is_incentivized_review, 'false');
  }

  const tricky = byId.get(ids.tricky)!;
  assert.equal(tricky.content, TRICKY_CONTENT_CLEAN.trim());
  assert.equal(tricky.title, 'Title & "quotes"');
  assert.equal(tricky.reviewer.name, 'Zoë 山田 <b>');
  assert.equal(tricky.review_timestamp, '2026-06-01T12:00:01Z');
  assert.equal(tricky.ratings.overall['#text'], '4');
  assert.equal(tricky.reviewer_images, undefined, 'no photos, no element');
  assert.deepEqual(tricky.products.product, {
    product_ids: { gtins: { gtin: '4006381333931' }, mpns: { mpn: 'GH-1' }, skus: { sku: 'SKU-GH' }, brands: { brand: 'Hatters' } },
    product_name: 'Green & <Hat>',
    product_url: 'https://shop-a.example.com/products/green-hat',
  });
  assert.deepEqual([tricky.collection_method, tricky.transaction_id, tricky.is_verified_purchase], ['unsolicited', undefined, 'false']);

  const many = byId.get(ids.manyPhotos)!;
  assert.equal(many.reviewer_images!.reviewer_image.length, 10);
  assert.equal(many.reviewer_images!.reviewer_image[3]!.url, 'https://cdn.example.com/p/3.jpg?a=1&b=2');

  const email = byId.get(ids.emailRequest)!;
  assert.deepEqual([email.collection_method, email.transaction_id, email.is_verified_purchase], ['post_fulfillment', '5001', 'true']);

  const anonymous = byId.get(ids.anonymous)!;
  assert.deepEqual(anonymous.reviewer.name, { '#text': 'Anonymous', '@_is_anonymous': 'true' });
  assert.equal(anonymous.title, undefined, 'an empty title is left out');
  // A product without its own URL points at its hosted review page; no identifiers, no product_ids.
  assert.deepEqual(anonymous.products.product, { product_name: 'Blue scarf', product_url: `${config.publicUrl}/s/shop-a.myshopify.com/products/blue-scarf/reviews` });
  assert.equal(byId.get(ids.handleOnly)!.ratings.overall['#text'], '1', 'no rating filter');

  // A token that is not a shop's finds nothing; HEAD is served like GET.
  assert.equal((await app.inject({ url: '/feeds/not-a-token/google-product-reviews.xml' })).statusCode, 404);
  assert.equal((await app.inject({ url: pathOf(url).replace(/\.xml$/, '.json') })).statusCode, 404);
  const head = await app.inject({ method: 'HEAD', url: pathOf(url) });
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers.etag, res.headers.etag);
});

test('feed validators: a repeat fetch answers 304; any review, publication or product change gives a new ETag', async (t) => {
  const setup = await buildTestApp(t);
  const { app, clock, shopA, database } = setup;
  const ids = await seedFeedFixture(setup);
  const path = pathOf(await feedUrlOfShopA(setup));
  const first = await app.inject({ url: path });
  const etag = first.headers.etag as string;
  const lastModified = first.headers['last-modified'] as string;
  assert.match(etag, /^"[A-Za-z0-9_-]{24}-[0-9a-f]{8}"$/);
  assert.equal(lastModified, new Date(clock.now()).toUTCString());

  const again = await app.inject({ url: path, headers: { 'if-none-match': etag } });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  assert.equal((await app.inject({ url: path, headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode, 304);
  assert.equal((await app.inject({ url: path, headers: { 'if-modified-since': lastModified } })).statusCode, 304);
  assert.equal((await app.inject({ url: path, headers: { 'if-modified-since': new Date(clock.now() - 2000).toUTCString() } })).statusCode, 200);
  assert.equal((await app.inject({ url: path, headers: { 'if-none-match': '"stale"', 'if-modified-since': lastModified } })).statusCode, 200, 'If-None-Match wins');

  const etags = new Set([etag]);
  const expectChange = async (what: string) => {
    const res = await app.inject({ url: path, headers: { 'if-none-match': [...etags].join(', ') } });
    assert.equal(res.statusCode, 200, what);
    etags.add(res.headers.etag as string);
    return res;
  };
  clock.advance(1000);
  await shopA.client.createReview({ rating: 3, author: 'New', content: 'Later', product_id: '777' });
  assert.equal(reviewsOfCount((await expectChange('a new review')).body), IN_FEED.length + 1);
  // Publication changes within the same millisecond still change the ETag.
  assert.equal((await shopA.client.call('POST', 'delete_review', { body: { id: ids.tricky } })).code, 0);
  assert.equal(reviewsOfCount((await expectChange('a deleted review')).body), IN_FEED.length);
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '778', handle: 'blue-scarf', title: 'Blue scarf', gtin: '96385074' });
  clock.advance(1);
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '778', handle: 'blue-scarf', title: 'Blue scarf', gtin: '036000291452' });
  assert.ok((await expectChange('a product identifier')).body.includes('<gtin>036000291452</gtin>'));
});

const reviewsOfCount = (body: string) => reviewsOf(body).length;

test('plaudit feeds rotate: the old URL stops at once; another shop has its own URL', async (t) => {
  const setup = await buildTestApp(t);
  const { app } = setup;
  await seedFeedFixture(setup);
  const old = await feedUrlOfShopA(setup);
  assert.equal(await feedUrlOfShopA(setup), old, 'the URL is stable until rotated');
  const rotated = JSON.parse(await runCommand(setup, feedCommands, ['feeds', 'rotate', '--domain', 'shop-a.myshopify.com', '--json'])) as { url: string };
  assert.notEqual(rotated.url, old);
  assert.equal((await app.inject({ url: pathOf(old) })).statusCode, 404);
  assert.equal((await app.inject({ url: pathOf(rotated.url) })).statusCode, 200);
  assert.equal(await feedUrlOfShopA(setup), rotated.url);
  const shopB = JSON.parse(await runCommand(setup, feedCommands, ['feeds', 'url', '--domain', 'shop-b.myshopify.com', '--json'])) as { url: string };
  const bFeed = reviewsOf((await app.inject({ url: pathOf(shopB.url) })).body);
  assert.deepEqual(
    bFeed.map((r) => r.content),
    ['Shop B'],
  );
  const text = await runCommand(setup, feedCommands, ['feeds', 'url', '--domain', 'shop-a.myshopify.com']);
  assert.match(text, /^url: http.*\/google-product-reviews\.xml\nindex_url: http.*\/google-product-reviews-index\.xml\n$/);
  // The stored token is neither in clear nor guessable from the row.
  const row = await setup.database.db.selectFrom('shop_feeds').selectAll().where('shop_id', '=', setup.shopA.shopId).executeTakeFirstOrThrow();
  const token = pathOf(rotated.url).split('/')[2]!;
  assert.ok(!JSON.stringify(row).includes(token));
});
