import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from './helpers.ts';
import { sign, splitQuery, stringToSign } from '../src/lib/signature.ts';

interface BadCase {
  name: string;
  method?: 'GET' | 'POST' | 'PUT';
  /** Endpoint name plus query, or an absolute path. */
  path: string;
  body?: unknown;
  /** Send the body exactly as this text. */
  rawBody?: string;
  auth?: 'shopA' | 'none' | 'wrongKey' | 'unknownToken';
  timestampOffset?: number;
  code: number;
  status?: number;
  /** The message must name this field. */
  field?: string;
}

const long = (n: number, ch = 'a') => ch.repeat(n);
const review = { rating: 5, author: 'Jane' };
const images = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://img.example.com/${i}.jpg`, type: 1 }));

// Filled in after the fixtures exist: ids of shop B's review and of shop A's review.
const fixtures = { otherShopReview: '', ownReview: '' };

const CASES: BadCase[] = [
  // Malformed bodies
  { name: 'malformed JSON', method: 'POST', path: 'create_review', rawBody: '{"rating":5,', code: 3, field: 'body' },
  { name: 'JSON array body', method: 'POST', path: 'create_review', rawBody: '[1,2]', code: 3, field: 'body' },
  { name: 'JSON string body', method: 'POST', path: 'create_review', rawBody: '"hello"', code: 3, field: 'body' },
  { name: 'empty body', method: 'POST', path: 'create_review', rawBody: '', code: 3, field: 'body' },
  { name: 'body over 1 MB', method: 'POST', path: 'create_review', body: { ...review, content: long(1_100_000) }, code: 3, status: 413, field: 'body' },
  // Missing and mistyped fields
  { name: 'missing rating', method: 'POST', path: 'create_review', body: { author: 'Jane' }, code: 3, field: 'rating' },
  { name: 'missing author', method: 'POST', path: 'create_review', body: { rating: 5 }, code: 3, field: 'author' },
  { name: 'rating 0', method: 'POST', path: 'create_review', body: { ...review, rating: 0 }, code: 3, field: 'rating' },
  { name: 'rating 6', method: 'POST', path: 'create_review', body: { ...review, rating: 6 }, code: 3, field: 'rating' },
  { name: 'rating as text', method: 'POST', path: 'create_review', body: { ...review, rating: 'five' }, code: 3, field: 'rating' },
  { name: 'rating 4.5', method: 'POST', path: 'create_review', body: { ...review, rating: 4.5 }, code: 3, field: 'rating' },
  { name: 'rating null', method: 'POST', path: 'create_review', body: { ...review, rating: null }, code: 3, field: 'rating' },
  { name: 'rating huge', method: 'POST', path: 'create_review', body: { ...review, rating: 1e308 }, code: 3, field: 'rating' },
  { name: 'author empty', method: 'POST', path: 'create_review', body: { ...review, author: '' }, code: 3, field: 'author' },
  { name: 'author blank', method: 'POST', path: 'create_review', body: { ...review, author: '   ' }, code: 3, field: 'author' },
  { name: 'author 121 chars', method: 'POST', path: 'create_review', body: { ...review, author: long(121) }, code: 3, field: 'author' },
  { name: 'author 121 emoji', method: 'POST', path: 'create_review', body: { ...review, author: long(121, '😀') }, code: 3, field: 'author' },
  { name: 'author a number', method: 'POST', path: 'create_review', body: { ...review, author: 123 }, code: 3, field: 'author' },
  { name: 'author with NUL', method: 'POST', path: 'create_review', body: { ...review, author: 'Ja\u0000ne' }, code: 3, field: 'body' },
  { name: 'title 301 chars', method: 'POST', path: 'create_review', body: { ...review, title: long(301) }, code: 3, field: 'title' },
  { name: 'content 10001 chars', method: 'POST', path: 'create_review', body: { ...review, content: long(10_001) }, code: 3, field: 'content' },
  { name: 'item_type 121 chars', method: 'POST', path: 'create_review', body: { ...review, item_type: long(121) }, code: 3, field: 'item_type' },
  { name: 'source empty', method: 'POST', path: 'create_review', body: { ...review, source: '' }, code: 3, field: 'source' },
  { name: 'source 65 chars', method: 'POST', path: 'create_review', body: { ...review, source: long(65) }, code: 3, field: 'source' },
  { name: 'is_verified 2', method: 'POST', path: 'create_review', body: { ...review, is_verified: 2 }, code: 3, field: 'is_verified' },
  { name: 'is_published true', method: 'POST', path: 'create_review', body: { ...review, is_published: true }, code: 3, field: 'is_published' },
  { name: 'is_top "1"', method: 'POST', path: 'create_review', body: { ...review, is_top: '1' }, code: 3, field: 'is_top' },
  { name: 'is_featured -1', method: 'POST', path: 'create_review', body: { ...review, is_featured: -1 }, code: 3, field: 'is_featured' },
  { name: 'commented_at words', method: 'POST', path: 'create_review', body: { ...review, commented_at: 'yesterday' }, code: 3, field: 'commented_at' },
  { name: 'commented_at 30 February', method: 'POST', path: 'create_review', body: { ...review, commented_at: '2025-02-30 10:00:00' }, code: 3, field: 'commented_at' },
  { name: 'commented_at date only', method: 'POST', path: 'create_review', body: { ...review, commented_at: '2025-06-20' }, code: 3, field: 'commented_at' },
  { name: 'reply_at garbage', method: 'POST', path: 'create_review', body: { ...review, reply: { content: 'thanks', reply_at: 'soon' } }, code: 3, field: 'reply.reply_at' },
  { name: 'product_id letters', method: 'POST', path: 'create_review', body: { ...review, product_id: 'abc' }, code: 3, field: 'product_id' },
  { name: 'product_id negative', method: 'POST', path: 'create_review', body: { ...review, product_id: -1 }, code: 3, field: 'product_id' },
  { name: 'product_id SQL', method: 'POST', path: 'create_review', body: { ...review, product_id: '1 OR 1=1; DROP TABLE reviews; --' }, code: 3, field: 'product_id' },
  { name: 'order_id object', method: 'POST', path: 'create_review', body: { ...review, order_id: { $gt: '' } }, code: 3, field: 'order_id' },
  { name: '11 images (array form)', method: 'POST', path: 'create_review', body: { ...review, media: images(11) }, code: 3, field: 'media' },
  { name: '11 images (object form)', method: 'POST', path: 'create_review', body: { ...review, media: { images: images(11).map((m) => m.url) } }, code: 3, field: 'media' },
  {
    name: '2 videos',
    method: 'POST',
    path: 'create_review',
    body: {
      ...review,
      media: [
        { url: 'https://v.example.com/1.mp4', type: 2 },
        { url: 'https://v.example.com/2.mp4', type: 2 },
      ],
    },
    code: 3,
    field: 'media',
  },
  { name: 'javascript: media URL', method: 'POST', path: 'create_review', body: { ...review, media: [{ url: 'javascript:alert(1)', type: 1 }] }, code: 3, field: 'media[0].url' },
  { name: 'media item without url', method: 'POST', path: 'create_review', body: { ...review, media: [{ type: 1 }] }, code: 3, field: 'media' },
  { name: 'media type 3', method: 'POST', path: 'create_review', body: { ...review, media: [{ url: 'https://img.example.com/a.jpg', type: 3 }] }, code: 3, field: 'media' },
  // Query parameters
  { name: 'page letters', path: 'get_reviews?page=abc', code: 3, field: 'page' },
  { name: 'page_size letters', path: 'get_reviews?page_size=x', code: 3, field: 'page_size' },
  { name: 'ratings 6', path: 'get_reviews?ratings=6', code: 3, field: 'ratings' },
  { name: 'ratings indexed junk', path: 'get_reviews?ratings[0]=5&ratings[1]=x', code: 3, field: 'ratings' },
  { name: 'unknown sort_by', path: 'get_reviews?sort_by=newest', code: 3, field: 'sort_by' },
  { name: 'is_store_review 2', path: 'get_reviews?is_store_review=2', code: 3, field: 'is_store_review' },
  { name: 'product_ids letters', path: 'get_reviews?product_ids=abc', code: 3, field: 'product_ids' },
  { name: 'keyword 201 chars', path: `get_reviews?keyword=${long(201)}`, code: 3, field: 'keyword' },
  { name: 'is_published yes', path: 'get_reviews?is_published=yes', code: 3, field: 'is_published' },
  { name: 'SQL in keyword is just text', path: `get_reviews?keyword=${encodeURIComponent("' OR 1=1; DROP TABLE reviews; --")}`, code: 0 },
  { name: 'get_review without id', path: 'get_review', code: 3, field: 'id' },
  { name: 'get_review id letters', path: 'get_review?id=abc', code: 3, field: 'id' },
  { name: 'get_review id SQL', path: `get_review?id=${encodeURIComponent('1 OR 1=1')}`, code: 3, field: 'id' },
  { name: 'get_review unknown id', path: 'get_review?id=99999999', code: 5 },
  { name: 'get_review id beyond 2^53', path: 'get_review?id=99999999999999999999', code: 5 },
  { name: "get_review of another shop's review", path: 'get_review?id=OTHER', code: 5 },
  { name: "delete_review of another shop's review", method: 'POST', path: 'delete_review', body: { id: 'OTHER' }, code: 5 },
  { name: 'delete_review without id', method: 'POST', path: 'delete_review', body: {}, code: 3, field: 'id' },
  { name: 'delete_review id letters', method: 'POST', path: 'delete_review', body: { id: 'x' }, code: 3, field: 'id' },
  { name: 'get_rating product_id letters', path: 'get_rating?product_id=abc', code: 3, field: 'product_id' },
  { name: 'get_rating is_all_rating 2', path: 'get_rating?is_all_rating=2', code: 3, field: 'is_all_rating' },
  { name: 'get_rating without selector', path: 'get_rating', code: 3, field: 'product_id' },
  // Authentication
  { name: 'stale timestamp', method: 'POST', path: 'create_review', body: review, timestampOffset: -901, code: 16 },
  { name: 'future timestamp', method: 'POST', path: 'create_review', body: review, timestampOffset: 901, code: 16 },
  { name: 'wrong signature', method: 'POST', path: 'create_review', body: review, auth: 'wrongKey', code: 16 },
  { name: 'unknown public token', method: 'POST', path: 'create_review', body: review, auth: 'unknownToken', code: 16 },
  { name: 'no credentials', method: 'POST', path: 'create_review', body: review, auth: 'none', code: 16 },
  { name: 'bad JSON without credentials', method: 'POST', path: 'create_review', rawBody: '{oops', auth: 'none', code: 16 },
  { name: 'delete with a wrong signature', method: 'POST', path: 'delete_review', body: { id: 'OWN' }, auth: 'wrongKey', code: 16 },
  // Transport
  { name: 'unknown endpoint', path: 'get_everything', code: 5, status: 404 },
  { name: 'wrong method', method: 'GET', path: 'create_review', code: 3, status: 405 },
  { name: 'PUT on a read endpoint', method: 'PUT', path: 'get_reviews', body: {}, code: 3, status: 405 },
  { name: 'malformed percent-encoding in the path', path: '/api/v1/openapi/%E0%A4%A', code: 3, status: 400 },
];

test(`${CASES.length} bad requests: exact code, the field named, no 5xx, nothing written`, async (t) => {
  const setup = await buildTestApp(t);
  const { app, shopA, shopB, clock } = setup;
  fixtures.otherShopReview = (await shopB.client.createReview({ rating: 2, author: 'B' })).data.id;
  fixtures.ownReview = (await shopA.client.createReview({ rating: 4, author: 'A', product_id: '5' })).data.id;
  assert.ok(CASES.length >= 40);

  for (const c of CASES) {
    const before = await setup.snapshot();
    const body = c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body).replace('"OTHER"', `"${fixtures.otherShopReview}"`).replace('"OWN"', `"${fixtures.ownReview}"`));
    const path = c.path.replace('OTHER', fixtures.otherShopReview);
    const url = path.startsWith('/') ? path : `/api/v1/openapi/${path}`;
    const timestamp = String(Math.floor(clock.now() / 1000) + (c.timestampOffset ?? 0));
    const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const key = c.auth === 'wrongKey' ? 'wrong-key' : shopA.credentials.private_token;
    const headers: Record<string, string> =
      c.auth === 'none'
        ? {}
        : {
            'Public-Token': c.auth === 'unknownToken' ? 'AAAAAAAAAAAAAAAAAAAAAA==' : shopA.credentials.public_token,
            Timestamp: timestamp,
            Sign: sign(key, stringToSign(splitQuery(query, true), timestamp, body)),
          };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.inject({ method: c.method ?? 'GET', url, headers, ...(body === undefined ? {} : { payload: body }) });
    assert.ok(res.statusCode < 500, `${c.name}: HTTP ${res.statusCode}`);
    assert.equal(res.statusCode, c.status ?? 200, `${c.name}: status`);
    const json = res.json() as { code: number; message: string; time: number; request_id: string; data: unknown };
    assert.deepEqual(Object.keys(json), ['code', 'message', 'time', 'request_id', 'data'], `${c.name}: envelope`);
    assert.equal(json.code, c.code, `${c.name}: code (message: ${json.message})`);
    assert.equal(res.headers['x-request-id'], json.request_id, `${c.name}: X-Request-Id`);
    if (c.code !== 0) assert.equal(json.data, null, `${c.name}: data`);
    if (c.field) assert.ok(json.message.includes(c.field), `${c.name}: message "${json.message}" names ${c.field}`);
    assert.ok(!json.message.includes(shopA.credentials.private_token), `${c.name}: no secret in message`);
    assert.deepEqual(await setup.snapshot(), before, `${c.name}: database unchanged`);
  }
});
