import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { upsertProduct } from '../products/products.service.ts';
import { PAGE_LANGUAGES } from './search-pages.routes.ts';
import { sitemapDocument } from './sitemap.service.ts';
import { feedUrlOfShopA, pathOf, plainParser, seedFeedFixture } from './feeds.testkit.ts';

type Json = Record<string, unknown>;

const jsonLdOf = (html: string): Json[] => [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!) as Json);

/** schema.org / Google review-snippet required properties of Product, AggregateRating and Review. */
function checkProduct(doc: Json): void {
  assert.equal(doc['@context'], 'https://schema.org');
  assert.equal(doc['@type'], 'Product');
  assert.ok(typeof doc.name === 'string' && doc.name.length > 0, 'Product.name');
  assert.ok(doc.aggregateRating || doc.review, 'Product has aggregateRating or review');
  const aggregate = doc.aggregateRating as Json | undefined;
  if (aggregate) {
    assert.equal(aggregate['@type'], 'AggregateRating');
    assert.ok(typeof aggregate.ratingValue === 'number' && aggregate.ratingValue >= 1 && aggregate.ratingValue <= 5, 'AggregateRating.ratingValue');
    assert.ok(Number.isInteger(aggregate.reviewCount) && (aggregate.reviewCount as number) > 0, 'AggregateRating.reviewCount');
    assert.deepEqual([aggregate.bestRating, aggregate.worstRating], [5, 1]);
  }
  for (const review of (doc.review as Json[] | undefined) ?? []) {
    assert.equal(review['@type'], 'Review');
    const author = review.author as Json;
    assert.ok(['Person', 'Organization'].includes(author['@type'] as string) && typeof author.name === 'string' && (author.name as string).length > 0, 'Review.author.name');
    const rating = review.reviewRating as Json;
    assert.equal(rating['@type'], 'Rating');
    assert.ok(Number.isInteger(rating.ratingValue) && (rating.ratingValue as number) >= 1 && (rating.ratingValue as number) <= 5, 'Review.reviewRating.ratingValue');
    assert.match(review.datePublished as string, /^\d{4}-\d{2}-\d{2}$/);
  }
}

const linksOf = (html: string) => ({
  canonical: [...html.matchAll(/<link rel="canonical" href="([^"]*)">/g)].map((m) => m[1]!.replaceAll('&amp;', '&')),
  alternates: Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')])),
});

async function seeded(t: Parameters<typeof buildTestApp>[0]): Promise<{ setup: TestApp; ids: Awaited<ReturnType<typeof seedFeedFixture>> }> {
  const setup = await buildTestApp(t);
  return { setup, ids: await seedFeedFixture(setup) };
}

test('a product review page carries Product JSON-LD with identifiers, its reviews only, a canonical URL and hreflang', async (t) => {
  const { setup } = await seeded(t);
  const { app, config } = setup;
  const base = `${config.publicUrl}/s/shop-a.myshopify.com/products/green-hat/reviews`;
  const res = await app.inject({ url: '/s/shop-a.myshopify.com/products/green-hat/reviews' });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^text\/html/);
  const docs = jsonLdOf(res.body);
  assert.equal(docs.length, 1, 'one Product per page');
  const product = docs[0]!;
  checkProduct(product);
  assert.deepEqual([product.name, product.gtin, product.mpn, product.sku, product.brand], ['Green & <Hat>', '4006381333931', 'GH-1', 'SKU-GH', { '@type': 'Brand', name: 'Hatters' }]);
  assert.ok(!res.body.includes('<Hat>'), 'the title is escaped in HTML and JSON-LD');
  // Shop A's published reviews of this product: tricky, many photos, email request, and the one without text.
  assert.equal((product.aggregateRating as Json).reviewCount, 4);
  const bodies = (product.review as Json[]).map((r) => r.reviewBody);
  assert.equal(bodies.length, 4);
  for (const absent of ['Fast shipping', 'Hidden', 'Shop B', 'No name given']) assert.ok(!bodies.includes(absent), `${absent} is not a review of this product`);

  const links = linksOf(res.body);
  assert.deepEqual(links.canonical, [base]);
  assert.deepEqual(Object.keys(links.alternates).sort(), [...PAGE_LANGUAGES, 'x-default'].sort());
  assert.equal(links.alternates.de, `${base}?lang=de`);
  assert.equal(links.alternates['x-default'], base);
  const second = linksOf((await app.inject({ url: '/s/shop-a.myshopify.com/products/green-hat/reviews?page=2&sort=rating-descending&lang=fr' })).body);
  assert.deepEqual(second.canonical, [`${base}?page=2`], 'sort and language are not canonical; the page is');
  assert.equal(second.alternates.fr, `${base}?page=2&lang=fr`);
  const german = await app.inject({ url: '/s/shop-a.myshopify.com/products/green-hat/reviews?lang=de' });
  assert.match(german.body, /<html lang="de">/);
  assert.match(german.body, /Bewertungen/);

  // A product without reviews has a page but no Product markup (Google needs a rating or a review).
  await upsertProduct({ db: setup.database.db, clock: setup.clock }, setup.shopA.shopId, { product_id: '780', handle: 'new-hat', title: 'New hat' });
  const fresh = await app.inject({ url: '/s/shop-a.myshopify.com/products/new-hat/reviews' });
  assert.equal(fresh.statusCode, 200);
  assert.equal(jsonLdOf(fresh.body).length, 0);

  for (const url of ['/s/shop-a.myshopify.com/products/nope/reviews', '/s/nope.example.com/products/green-hat/reviews']) assert.equal((await app.inject({ url })).statusCode, 404);
  // The all-reviews page shows store reviews too and so never carries product markup.
  assert.equal(jsonLdOf((await app.inject({ url: '/s/shop-a.myshopify.com/reviews' })).body).length, 0);
});

test('every singleton review_url of the feed is a page of that one review with Product JSON-LD; store, hidden and foreign reviews answer 404', async (t) => {
  const { setup, ids } = await seeded(t);
  const { app, config } = setup;
  const feed = await app.inject({ url: pathOf(await feedUrlOfShopA(setup)) });
  const reviews = (plainParser.parse(feed.body) as { feed: { reviews: { review: { review_id: string; review_url: { '#text': string }; content: string }[] } } }).feed.reviews.review;
  for (const review of reviews) {
    const page = await app.inject({ url: pathOf(review.review_url['#text']) });
    assert.equal(page.statusCode, 200, review.review_url['#text']);
    const [doc, ...more] = jsonLdOf(page.body);
    assert.equal(more.length, 0);
    checkProduct(doc!);
    assert.equal((doc!.review as Json[]).length, 1);
    assert.deepEqual(linksOf(page.body).canonical, [review.review_url['#text']]);
    assert.equal(new URL(review.review_url['#text']).origin, config.publicUrl);
  }
  const tricky = await app.inject({ url: `/s/shop-a.myshopify.com/reviews/${ids.tricky}` });
  assert.ok(tricky.body.includes('Zoë 山田 &lt;b&gt;') && !tricky.body.includes('<b>'), 'author escaped');
  assert.equal(((jsonLdOf(tricky.body)[0]!.review as Json[])[0]!.reviewRating as Json).ratingValue, 4);
  const many = await app.inject({ url: `/s/shop-a.myshopify.com/reviews/${ids.manyPhotos}` });
  assert.equal([...many.body.matchAll(/<img src="https:\/\/cdn\.example\.com/g)].length, 10);
  for (const id of [ids.store, ids.unpublished, ids.unknownProduct, ids.otherShop, 'abc', '0']) {
    assert.equal((await app.inject({ url: `/s/shop-a.myshopify.com/reviews/${id}` })).statusCode, 404, String(id));
  }
});

test('GET /s/<shop>/sitemap.xml lists the hosted review pages; over the URL limit it becomes an index of parts', async (t) => {
  const { setup, ids } = await seeded(t);
  const { app, config, database } = setup;
  const res = await app.inject({ url: '/s/shop-a.myshopify.com/sitemap.xml' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
  const parse = (xml: string) => plainParser.parse(xml) as { urlset?: { url: { loc: string; lastmod?: string }[] | { loc: string } }; sitemapindex?: { sitemap: { loc: string }[] } };
  const urls = [parse(res.body).urlset!.url].flat().map((u) => u.loc);
  const base = `${config.publicUrl}/s/shop-a.myshopify.com`;
  const reviewIds = [ids.tricky, ids.manyPhotos, ids.emailRequest, ids.anonymous, ids.handleOnly, ids.noText].sort((a, b) => a - b);
  assert.deepEqual(urls, [`${base}/products/blue-scarf/reviews`, `${base}/products/green-hat/reviews`, ...reviewIds.map((id) => `${base}/reviews/${id}`)]);
  for (const url of urls) assert.equal((await app.inject({ url: pathOf(url) })).statusCode, 200, url);
  assert.equal((await app.inject({ url: '/s/shop-a.myshopify.com/sitemap.xml?part=2' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/s/nope.example.com/sitemap.xml' })).statusCode, 404);

  const shop = { id: setup.shopA.shopId, domain: 'shop-a.myshopify.com' };
  const index = parse((await sitemapDocument(database.db, shop, config.publicUrl, null, 3))!).sitemapindex!.sitemap.map((s) => s.loc);
  assert.deepEqual(
    index,
    [1, 2, 3].map((n) => `${base}/sitemap.xml?part=${n}`),
  );
  const parts: string[] = [];
  for (let n = 1; n <= 3; n++) parts.push(...[parse((await sitemapDocument(database.db, shop, config.publicUrl, n, 3))!).urlset!.url].flat().map((u) => u.loc));
  assert.deepEqual(parts, urls);
  assert.equal(await sitemapDocument(database.db, shop, config.publicUrl, 4, 3), undefined);
});
