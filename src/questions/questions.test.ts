import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailTestApp, listen } from '../emails/emails.testkit.ts';
import { buildTestApp } from '../../test/helpers.ts';
import { ask, newestQuestionId, readQuestions, seedProduct, SHOP_A } from './questions.testkit.ts';

interface PartnerQuestion {
  id: string;
  product_id: string;
  content: string;
  author: string;
  author_email: string;
  status: string;
  answer_count: number;
  source: string;
  answers: { id: string; content: string; author: string; author_email: string; by_store: number; verified_buyer: number; is_published: number; helpful_count: number; created_at: string }[];
  created_at: string;
  updated_at: string;
}

test('ask → held; the store answers and publishes; shoppers see it and the asker gets the answer by email (events in the same transactions)', async (t) => {
  const env = await emailTestApp(t);
  await seedProduct(env);
  assert.deepEqual((await ask(env)).data, { status: 'pending' });
  const id = await newestQuestionId(env);
  const held = await env.shopA.client.call<PartnerQuestion>('GET', 'get_question', { query: { id } });
  assert.deepEqual(held.data, {
    id,
    product_id: '1001',
    content: 'Does it run small?',
    author: 'Sam',
    author_email: 'sam@example.com',
    status: 'pending',
    answer_count: 0,
    source: 'Store front',
    answers: [],
    created_at: '2026-06-01T12:00:00Z',
    updated_at: '2026-06-01T12:00:00Z',
  });
  assert.deepEqual((await readQuestions(env, 'product_id=1001')).json().data.list, [], 'held questions are not shown');
  assert.deepEqual(
    env.events.emitted.map((e) => [e.topic, (e.data as { event_type?: string }).event_type ?? (e.data as { id: string }).id]),
    [
      ['customer_event/created', 'ASK_QUESTION'],
      ['question/created', id],
    ],
  );

  env.clock.advance(60_000);
  const answered = await env.shopA.client.call<PartnerQuestion>('POST', 'answer_question', { body: { id, content: 'It runs true to size.' } });
  assert.equal(answered.code, 0, answered.message);
  assert.equal(answered.data.status, 'pending', 'answering does not publish unless the shop auto-publishes');
  assert.deepEqual(
    answered.data.answers.map((a) => [a.content, a.author, a.by_store, a.verified_buyer, a.is_published]),
    [['It runs true to size.', 'shop-a.myshopify.com', 1, 0, 1]],
  );
  assert.deepEqual(
    env.events.emitted.slice(2).map((e) => e.topic),
    ['customer_event/created', 'question/answered'],
  );
  assert.equal((env.events.emitted[3]!.data as PartnerQuestion).answers.length, 1);
  await env.worker.runOnce();
  assert.equal(env.smtp.messages.length, 0, 'no email while the question is held');

  const published = await env.shopA.client.call<PartnerQuestion>('POST', 'publish_question', { body: { id } });
  assert.equal(published.data.status, 'published');
  const page = (await readQuestions(env, 'product_handle=red-shirt')).json().data;
  assert.deepEqual(page, {
    list: [
      {
        id,
        content: 'Does it run small?',
        author: 'Sam',
        asked_at: '2026-06-01 12:00:00',
        answer_count: 1,
        answers: [
          { id: answered.data.answers[0]!.id, content: 'It runs true to size.', author: 'shop-a.myshopify.com', answered_at: '2026-06-01 12:01:00', by_store: 1, verified_buyer: 0, helpful_count: 0 },
        ],
      },
    ],
    page: { cur_page: 1, total_page: 1, count: 1 },
  });

  await env.worker.runOnce();
  assert.equal(env.smtp.messages.length, 1);
  const mail = env.smtp.messages[0]!;
  assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'sam@example.com');
  assert.equal(mail.subject, 'Your question about Red shirt was answered');
  assert.match(mail.text ?? '', /It runs true to size\./);
  assert.match(mail.text ?? '', /Does it run small\?/);
  const header = (key: string) =>
    mail.headerLines
      .find((h) => h.key === key)
      ?.line.replace(/^[^:]+:\s*/, '')
      .replace(/\r?\n\s*/g, '');
  assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  assert.match(header('list-unsubscribe') ?? '', /^<https:\/\/reviews\.example\.com\/r\/unsubscribe\?t=/);
  await env.worker.runOnce();
  assert.equal(env.smtp.messages.length, 1, 'each answer is emailed once');

  // The asker follows the unsubscribe link: a second answer is not emailed.
  const fetchLink = await listen(env.app);
  const unsubscribe = /Unsubscribe: (\S+)/.exec(mail.text ?? '')![1]!;
  assert.equal((await fetchLink(unsubscribe, { method: 'POST' })).status, 200);
  await env.shopA.client.call('POST', 'answer_question', { body: { id, content: 'Also: it shrinks a little.', author: 'Kim at Shop A' } });
  await env.worker.runOnce();
  assert.equal(env.smtp.messages.length, 1, 'unsubscribed from answer_notification');
  const states = await env.database.db.selectFrom('question_emails').select(['state', 'recipient']).orderBy('id').execute();
  assert.deepEqual(states, [
    { state: 'sent', recipient: 'sam@example.com' },
    { state: 'suppressed', recipient: 'sam@example.com' },
  ]);
});

test('auto-publish: with the shop setting on, a held question is published by its first answer', async (t) => {
  const env = await buildTestApp(t);
  await seedProduct(env);
  const { setAutoPublishAnswered } = await import('./questions.service.ts');
  await setAutoPublishAnswered({ db: env.database.db, clock: env.clock }, env.shopA.shopId, 1);
  await ask(env);
  const id = await newestQuestionId(env);
  const answered = await env.shopA.client.call<PartnerQuestion>('POST', 'answer_question', { body: { id, content: 'Yes.' } });
  assert.equal(answered.data.status, 'published');
  assert.equal((await readQuestions(env, 'product_id=1001')).json().data.list.length, 1);
  const hidden = await env.shopA.client.call<PartnerQuestion>('POST', 'hide_question', { body: { id, answer_id: answered.data.answers[0]!.id } });
  assert.deepEqual([hidden.data.status, hidden.data.answer_count, hidden.data.answers[0]!.is_published], ['published', 0, 0]);
  assert.deepEqual((await readQuestions(env, 'product_id=1001&sort_by=created-descending')).json().data.list[0].answers, [], 'a hidden answer is not shown');
  await env.shopA.client.call('POST', 'hide_question', { body: { id } });
  assert.deepEqual((await readQuestions(env, 'product_id=1001&page=1')).json().data.list, []);
});

test('storefront read: search, most helpful or newest, helpful votes once per visitor without cookies, ETag', async (t) => {
  const env = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '1000' } });
  await seedProduct(env);
  const questions = ['Is the cotton organic?', 'Can I wash it at 60%?', 'Does the red fade?'];
  const answerIds: string[] = [];
  for (const [i, text] of questions.entries()) {
    await ask(env, { question: text, author_email: `asker${i}@example.com` }, `10.2.0.${i}`);
    env.clock.advance(60_000);
    const id = await newestQuestionId(env);
    const answered = await env.shopA.client.call<PartnerQuestion>('POST', 'answer_question', { body: { id, content: i === 2 ? 'No, the dye is 100% fast.' : `Answer ${i}` } });
    answerIds.push(answered.data.answers[0]!.id);
    await env.shopA.client.call('POST', 'publish_question', { body: { id } });
  }
  const texts = async (query: string) => (await readQuestions(env, query)).json().data.list.map((q: { content: string }) => q.content);
  assert.deepEqual(await texts('product_id=1001&sort_by=created-descending'), [...questions].reverse());
  assert.deepEqual(await texts('product_id=1001&q=COTTON'), ['Is the cotton organic?'], 'case-insensitive question text');
  assert.deepEqual(await texts('product_id=1001&q=dye'), ['Does the red fade?'], 'answer text');
  assert.deepEqual(await texts('product_id=1001&q=60%25'), ['Can I wash it at 60%?'], '% is literal');
  assert.deepEqual(await texts('product_id=1001&q=100%25'), ['Does the red fade?']);
  assert.deepEqual(await texts('product_id=1001&q=_'), [], '_ is literal');

  const vote = (answerId: string, ip: string) =>
    env.app.inject({ method: 'POST', url: '/api/v1/reviews/answer_helpful', payload: { shop: SHOP_A, answer_id: answerId }, remoteAddress: ip, headers: { 'user-agent': 'UA' } });
  const first = await vote(answerIds[0]!, '10.3.0.1');
  assert.deepEqual(first.json().data, { helpful_count: 1, counted: 1 });
  assert.equal(first.headers['set-cookie'], undefined);
  assert.equal(first.headers['access-control-allow-origin'], '*');
  assert.deepEqual((await vote(answerIds[0]!, '10.3.0.1')).json().data, { helpful_count: 1, counted: 0 });
  assert.deepEqual((await vote(answerIds[0]!, '10.3.0.2')).json().data, { helpful_count: 2, counted: 1 });
  assert.deepEqual((await vote(answerIds[1]!, '10.3.0.1')).json().data, { helpful_count: 1, counted: 1 });
  assert.deepEqual(await texts('product_id=1001'), ['Is the cotton organic?', 'Can I wash it at 60%?', 'Does the red fade?'], 'most helpful first (the default)');
  const read = await readQuestions(env, 'product_id=1001&limit=1&page=2');
  assert.deepEqual(read.json().data.page, { cur_page: 2, total_page: 3, count: 3 });
  assert.equal(read.json().data.list[0].answers[0].helpful_count, 1);
  assert.equal(read.headers['cache-control'], 'public, max-age=60');
  assert.equal(read.headers['access-control-allow-origin'], '*');
  const again = await readQuestions(env, 'product_id=1001&limit=1&page=2', { 'if-none-match': String(read.headers.etag) });
  assert.equal(again.statusCode, 304);
  assert.equal((await vote(answerIds[1]!, '10.3.0.3')).json().data.helpful_count, 2);
  const changed = await readQuestions(env, 'product_id=1001&limit=1&page=2', { 'if-none-match': String(read.headers.etag) });
  assert.equal(changed.statusCode, 200, 'a vote clears the cached page');
  const publicText = JSON.stringify((await readQuestions(env, 'product_id=1001')).json());
  assert.doesNotMatch(publicText, /@example\.com|status|is_published|author_email/);
});

test('ask limits: a filled honeypot writes nothing; 3 per email per hour (atomic under 12 simultaneous asks); per-IP per minute', async (t) => {
  const env = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '4' } });
  await seedProduct(env);
  const before = await env.snapshot();
  assert.deepEqual((await ask(env, { website: 'http://spam.example' })).data, { status: 'pending' });
  assert.deepEqual(await env.snapshot(), before);

  const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => ask(env, { author_email: n % 2 ? 'Racer@Example.com' : 'racer@example.com', question: `Q ${n}` }, `10.4.0.${n + 1}`)));
  assert.deepEqual(answers.map((a) => a.code).sort(), [0, 0, 0, 8, 8, 8, 8, 8, 8, 8, 8, 8]);
  const stored = await env.database.db.selectFrom('questions').select('id').where('author_email', '=', 'racer@example.com').execute();
  assert.equal(stored.length, 3, 'exactly the acknowledged questions are stored');
  const counter = await env.database.db.selectFrom('question_email_limits').select('count').execute();
  assert.deepEqual(
    counter.map((c) => Number(c.count)),
    [3],
    'refused asks leave the counter as it was',
  );
  env.clock.advance(61 * 60_000);
  assert.equal((await ask(env, { author_email: 'racer@example.com' }, '10.4.1.1')).code, 0, 'a new window after an hour');

  const codes: number[] = [];
  for (let i = 0; i < 5; i++) codes.push((await ask(env, { author_email: `ip${i}@example.com` }, '10.4.2.1')).code);
  assert.deepEqual(codes, [0, 0, 0, 0, 8]);
});
