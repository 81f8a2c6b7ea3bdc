import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { buildOAuthFixture } from '../oauth/oauth.test-support.ts';
import { ask, askBody, newestQuestionId, seedProduct } from './questions.testkit.ts';

/** Shop A with one published, answered question; returns its ids. */
async function answeredQuestion(
  env: Parameters<typeof seedProduct>[0] & Parameters<typeof ask>[0] & { shopA: { client: { call: <T>(m: 'GET' | 'POST', e: string, i?: object) => Promise<{ code: number; data: T }> } } },
) {
  await seedProduct(env);
  await ask(env);
  const id = await newestQuestionId(env);
  const answered = await env.shopA.client.call<{ answers: { id: string }[] }>('POST', 'answer_question', { body: { id, content: 'Yes.' } });
  await env.shopA.client.call('POST', 'publish_question', { body: { id } });
  return { id, answerId: answered.data.answers[0]!.id };
}

test('shop B can neither read nor change shop A questions, nor vote on its answers ("not found"), and sees none on its storefront', async (t) => {
  const env = await buildTestApp(t);
  const { id, answerId } = await answeredQuestion(env);
  const before = await env.snapshot();
  const b = env.shopB.client;
  assert.equal((await b.call<{ page: { count: number } }>('GET', 'get_questions')).data.page.count, 0);
  for (const [method, endpoint, input] of [
    ['GET', 'get_question', { query: { id } }],
    ['POST', 'answer_question', { body: { id, content: 'Hijack' } }],
    ['POST', 'publish_question', { body: { id } }],
    ['POST', 'hide_question', { body: { id } }],
    ['POST', 'hide_question', { body: { id, answer_id: answerId } }],
    ['POST', 'invite_question_answerers', { body: { id } }],
  ] as const) {
    const res = await b.call(method, endpoint, input);
    assert.deepEqual([res.code, res.message], [5, 'question not found'], endpoint);
  }
  const read = await env.app.inject({ method: 'GET', url: '/api/v1/reviews/get_product_questions?shop=shop-b.myshopify.com&product_id=1001' });
  assert.deepEqual(read.json().data.list, []);
  const vote = await env.app.inject({ method: 'POST', url: '/api/v1/reviews/answer_helpful', payload: { shop: 'shop-b.myshopify.com', answer_id: answerId } });
  assert.deepEqual([vote.json().code, vote.json().message], [5, 'answer not found']);
  assert.deepEqual(await env.snapshot(), before);
  // And an answer of another question of the same shop is not this question's.
  await ask(env, { question: 'Second?', author_email: 'second@example.com' }, '10.9.0.2');
  const other = await newestQuestionId(env);
  assert.equal((await env.shopA.client.call('POST', 'hide_question', { body: { id: other, answer_id: answerId } })).code, 5);
});

test('question bad input: code 3 naming the field (partner) or the exact code (storefront), never a 5xx, nothing written', async (t) => {
  const env = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '1000' } });
  const { id } = await answeredQuestion(env);
  const before = await env.snapshot();
  const partner: Array<['GET' | 'POST', string, object, number, RegExp]> = [
    ['GET', 'get_question', { query: {} }, 3, /id/],
    ['GET', 'get_question', { query: { id: 'abc' } }, 3, /id/],
    ['GET', 'get_question', { query: { id: '99999999' } }, 5, /question not found/],
    ['GET', 'get_questions', { query: { status: 'deleted' } }, 3, /status/],
    ['GET', 'get_questions', { query: { product_id: 'x' } }, 3, /product_id/],
    ['GET', 'get_questions', { query: { answered: '2' } }, 3, /answered/],
    ['GET', 'get_questions', { query: { sort_by: 'random' } }, 3, /sort_by/],
    ['POST', 'answer_question', { body: { id } }, 3, /content/],
    ['POST', 'answer_question', { body: { id, content: '' } }, 3, /content/],
    ['POST', 'answer_question', { body: { id, content: '   ' } }, 3, /content/],
    ['POST', 'answer_question', { body: { id, content: 'x'.repeat(5001) } }, 3, /content/],
    ['POST', 'answer_question', { body: { id, content: 'ok', author: 'x'.repeat(121) } }, 3, /author/],
    ['POST', 'answer_question', { body: { content: 'ok' } }, 3, /id/],
    ['POST', 'answer_question', { body: { id: '1e3', content: 'ok' } }, 3, /id/],
    ['POST', 'answer_question', { body: { id: '99999999', content: 'ok' } }, 5, /question not found/],
    ['POST', 'publish_question', { body: { id, answer_id: 'x' } }, 3, /answer_id/],
    ['POST', 'publish_question', { body: { id, answer_id: '99999999' } }, 5, /answer not found/],
    ['POST', 'hide_question', { body: {} }, 3, /id/],
    ['POST', 'invite_question_answerers', { body: { id, max: 0 } }, 3, /max/],
    ['POST', 'invite_question_answerers', { body: { id, max: 21 } }, 3, /max/],
  ];
  for (const [method, endpoint, input, code, message] of partner) {
    const res = await env.shopA.client.call(method, endpoint, input);
    assert.equal(res.code, code, `${endpoint} ${JSON.stringify(input)}: ${res.message}`);
    assert.match(res.message, message, endpoint);
    assert.equal(res.data, null);
  }
  const storefront: Array<[string, string, unknown, number, RegExp]> = [
    ['GET', '/api/v1/reviews/get_product_questions?product_id=1001', undefined, 3, /shop/],
    ['GET', '/api/v1/reviews/get_product_questions?shop=shop-a.myshopify.com', undefined, 3, /product_id/],
    ['GET', '/api/v1/reviews/get_product_questions?shop=nope.example.com&product_id=1001', undefined, 5, /shop not found/],
    ['GET', '/api/v1/reviews/get_product_questions?shop=shop-a.myshopify.com&product_id=abc', undefined, 3, /product_id/],
    ['GET', '/api/v1/reviews/get_product_questions?shop=shop-a.myshopify.com&product_id=1001&limit=51', undefined, 3, /limit/],
    ['GET', '/api/v1/reviews/get_product_questions?shop=shop-a.myshopify.com&product_id=1001&page=0', undefined, 3, /page/],
    ['GET', '/api/v1/reviews/get_product_questions?shop=shop-a.myshopify.com&product_id=1001&sort_by=oldest', undefined, 3, /sort_by/],
    ['GET', `/api/v1/reviews/get_product_questions?shop=shop-a.myshopify.com&product_id=1001&q=${'x'.repeat(101)}`, undefined, 3, /q/],
    ['POST', '/api/v1/reviews/ask', 'not json', 3, /body/],
    ['POST', '/api/v1/reviews/ask', askBody({ question: '' }), 3, /question/],
    ['POST', '/api/v1/reviews/ask', askBody({ question: '   ' }), 3, /question/],
    ['POST', '/api/v1/reviews/ask', askBody({ question: 'x'.repeat(1001) }), 3, /question/],
    ['POST', '/api/v1/reviews/ask', askBody({ author: '  ' }), 3, /author/],
    ['POST', '/api/v1/reviews/ask', askBody({ author_email: 'nope' }), 3, /author_email/],
    ['POST', '/api/v1/reviews/ask', askBody({ product_id: undefined }), 3, /product_id/],
    ['POST', '/api/v1/reviews/ask', askBody({ product_id: undefined, product_handle: 'ghost' }), 5, /product not found/],
    ['POST', '/api/v1/reviews/ask', askBody({ shop: 'nope.example.com' }), 5, /shop not found/],
    ['POST', '/api/v1/reviews/answer_helpful', { shop: 'shop-a.myshopify.com' }, 3, /answer_id/],
    ['POST', '/api/v1/reviews/answer_helpful', { shop: 'shop-a.myshopify.com', answer_id: 'x' }, 3, /answer_id/],
    ['POST', '/api/v1/reviews/answer_helpful', { shop: 'shop-a.myshopify.com', answer_id: '99999999' }, 5, /answer not found/],
    ['DELETE', '/api/v1/reviews/ask', undefined, 3, /not allowed/],
  ];
  for (const [method, url, payload, code, message] of storefront) {
    const res = await env.app.inject({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload: payload as string }) });
    const body = res.json();
    assert.equal(body.code, code, `${method} ${url} ${JSON.stringify(payload)}: ${body.message}`);
    assert.match(body.message, message, url);
    assert.ok(res.statusCode < 500);
    assert.equal(body.data, null);
  }
  const page = await env.app.inject({ url: '/q/answer?t=forged.token' });
  assert.equal(page.statusCode, 404);
  assert.equal((await env.app.inject({ method: 'POST', url: '/q/answer?t=forged.token', payload: 'content=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode, 404);
  assert.deepEqual(await env.snapshot(), before);
});

test('bearer tokens: read_questions reads, write_questions answers (and implies read); neither reaches another shop', async (t) => {
  const f = await buildOAuthFixture(t, { scopes: 'read_reviews,read_questions,write_questions' });
  await seedProduct(f);
  await ask(f);
  const id = await newestQuestionId(f);
  const reader = await f.tokensFor('read_questions');
  assert.equal((await f.bearer<{ page: { count: number } }>(reader.access_token, 'GET', 'get_questions')).data.page.count, 1);
  assert.equal((await f.bearer(reader.access_token, 'GET', 'get_question', { query: { id } })).code, 0);
  for (const endpoint of ['answer_question', 'publish_question', 'hide_question', 'invite_question_answerers']) {
    const res = await f.bearer(reader.access_token, 'POST', endpoint, { body: { id, content: 'x' } });
    assert.deepEqual([res.code, res.message], [7, 'permission denied: this token lacks the write_questions scope'], endpoint);
  }
  const reviews = await f.tokensFor('read_reviews');
  assert.equal((await f.bearer(reviews.access_token, 'GET', 'get_questions')).code, 7);
  const writer = await f.tokensFor('write_questions');
  assert.equal((await f.bearer(writer.access_token, 'POST', 'answer_question', { body: { id, content: 'Yes' } })).code, 0);
  assert.equal((await f.bearer(writer.access_token, 'GET', 'get_question', { query: { id } })).code, 0, 'write_questions implies read_questions');
  const shopB = await f.tokensFor('write_questions', 'B');
  assert.equal((await f.bearer(shopB.access_token, 'GET', 'get_question', { query: { id } })).code, 5);
  assert.equal((await f.bearer(shopB.access_token, 'POST', 'publish_question', { body: { id } })).code, 5);
});
