import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailTestApp, listen } from '../emails/emails.testkit.ts';
import { buildWebhookTestApp } from '../../test/webhook-setup.ts';
import { ask, newestQuestionId, readQuestions, seedProduct } from './questions.testkit.ts';

const order = (id: number, email: string, fields: Record<string, unknown> = {}) => ({
  order_id: id,
  customer: { email, first_name: `Buyer${id}` },
  line_items: [{ product_id: 1001 }],
  fulfilled_at: '2026-05-20 12:00:00',
  ...fields,
});

test('verified buyers invited by email answer through their link; the answer is marked verified buyer and the asker is told', async (t) => {
  const env = await emailTestApp(t);
  await seedProduct(env);
  const pushed = await env.shopA.client.call('POST', 'push_orders', {
    body: {
      orders: [
        order(1, 'buyer1@example.com'),
        order(2, 'buyer2@example.com'),
        order(3, 'sam@example.com'),
        order(4, 'other-product@example.com', { line_items: [{ product_id: 1002 }] }),
        order(5, 'unfulfilled@example.com', { fulfilled_at: undefined }),
        order(6, 'unsubscribed@example.com'),
      ],
    },
  });
  assert.equal(pushed.code, 0, pushed.message);
  await env.shopA.client.call('POST', 'email_unsubscribe', { body: { email: 'unsubscribed@example.com', email_type: 'question_notification' } });
  await ask(env);
  const id = await newestQuestionId(env);
  await env.shopA.client.call('POST', 'publish_question', { body: { id } });

  const invited = await env.shopA.client.call<{ invited: number }>('POST', 'invite_question_answerers', { body: { id, max: 5 } });
  assert.deepEqual(invited.data, { invited: 2 }, 'buyers of the product only: not the asker, not other products, not unfulfilled, not unsubscribed');
  assert.deepEqual((await env.shopA.client.call<{ invited: number }>('POST', 'invite_question_answerers', { body: { id, max: 5 } })).data, { invited: 0 }, 'once per buyer');
  await env.worker.runOnce();
  const invitations = env.smtp.messages.filter((m) => m.subject === 'A shopper has a question about Red shirt');
  assert.deepEqual(invitations.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')).sort(), ['buyer1@example.com', 'buyer2@example.com']);
  const mail = invitations.find((m) => m.to && !Array.isArray(m.to) && m.to.text === 'buyer1@example.com')!;
  assert.match(mail.text ?? '', /Does it run small\?/);
  const link = /Answer the question: (\S+)/.exec(mail.text ?? '')![1]!;
  assert.match(link, /^https:\/\/reviews\.example\.com\/q\/answer\?t=/);

  const fetchLink = await listen(env.app);
  const form = await fetchLink(link);
  assert.equal(form.status, 200);
  const html = await form.text();
  assert.match(html, /Does it run small\?/);
  assert.equal(form.headers.get('cache-control'), 'no-store');
  const post = (body: string) => fetchLink(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const empty = await post('author=Jo&content=');
  assert.equal(empty.status, 400);
  assert.match(await empty.text(), /Please write an answer/);
  const sent = await post(`author=${encodeURIComponent('Jo <b>B</b>')}&content=${encodeURIComponent('I am 1.80 m and M fits <script>x</script>')}`);
  assert.equal(sent.status, 200);
  assert.match(await sent.text(), /Your answer has been published/);
  assert.equal((await post('author=Jo&content=again')).status, 409, 'one answer per invitation');

  const question = await env.shopA.client.call<{ answers: { author: string; author_email: string; verified_buyer: number; by_store: number; content: string }[] }>('GET', 'get_question', {
    query: { id },
  });
  assert.deepEqual(question.data.answers, [
    { ...question.data.answers[0]!, author: 'Jo <b>B</b>', author_email: 'buyer1@example.com', verified_buyer: 1, by_store: 0, content: 'I am 1.80 m and M fits <script>x</script>' },
  ]);
  const shown = (await readQuestions(env, 'product_id=1001')).json().data.list[0].answers[0];
  assert.equal(shown.verified_buyer, 1);
  await env.worker.runOnce();
  const told = env.smtp.messages.filter((m) => m.subject === 'Your question about Red shirt was answered');
  assert.equal(told.length, 1);
  assert.match(told[0]!.text ?? '', /Jo <b>B<\/b> \(verified buyer\) answered:/);
  assert.ok(typeof told[0]!.html === 'string' && told[0]!.html.includes('Jo &lt;b&gt;B&lt;/b&gt;') && told[0]!.html.includes('&lt;script&gt;'), 'escaped in HTML');

  // Hidden questions close the link.
  await env.shopA.client.call('POST', 'hide_question', { body: { id } });
  const other = invitations.find((m) => m !== mail)!;
  const closed = await fetchLink(/Answer the question: (\S+)/.exec(other.text ?? '')![1]!);
  assert.equal(closed.status, 410);
});

test('question/created and question/answered reach webhook subscribers, signed, for their shop only', async (t) => {
  const env = await buildWebhookTestApp(t);
  await seedProduct(env);
  await env.subscribe(env.shopA, 'question/created');
  await env.subscribe(env.shopA, 'question/answered');
  await env.subscribe(env.shopB, 'question/created');
  await ask(env);
  const id = await newestQuestionId(env);
  await env.shopA.client.call('POST', 'answer_question', { body: { id, content: 'Yes, a little.' } });
  await env.worker.runOnce();
  const bodies = env.receiver.requests.map((r) => ({ body: JSON.parse(r.body) as { list: Record<string, unknown>[] } }));
  assert.equal(bodies.length, 2, JSON.stringify(bodies));
  const created = bodies.map((b) => b.body.list[0]!).find((item) => (item.answers as unknown[]).length === 0)!;
  const answered = bodies.map((b) => b.body.list[0]!).find((item) => (item.answers as unknown[]).length === 1)!;
  assert.equal(created.id, Number(id));
  assert.equal(created.my_shopify_domain, 'shop-a.myshopify.com');
  assert.equal(created.content, 'Does it run small?');
  assert.deepEqual(
    (answered.answers as { content: string }[]).map((a) => a.content),
    ['Yes, a little.'],
  );
  assert.deepEqual(
    (await env.deliveries()).map((d) => d.status),
    ['succeeded', 'succeeded'],
  );
});
