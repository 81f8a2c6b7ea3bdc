import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { seedStorefront } from '../../test/storefront-fixtures.ts';
import { ask, newestQuestionId } from '../questions/questions.testkit.ts';

const jsonLd = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));

test('the fragment nests schema.org Question/Answer under the Product for answered questions only, and renders the Q&A tab escaped', async (t) => {
  const env = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '1000' } });
  await seedStorefront(env);
  const call = env.shopA.client.call.bind(env.shopA.client);
  await ask(env, { question: 'Unanswered <b>one</b>?', author_email: 'u@example.com' }, '10.5.0.1');
  await call('POST', 'publish_question', { body: { id: await newestQuestionId(env) } });
  env.clock.advance(60_000);
  await ask(env, { question: 'Does it shrink? </script><script>alert(1)</script>', author: 'Eve <img src=x>' }, '10.5.0.2');
  const id = await newestQuestionId(env);
  const store = await call<{ answers: { id: string }[] }>('POST', 'answer_question', { body: { id, content: 'No, it is pre-washed.' } });
  env.clock.advance(60_000);
  await call('POST', 'answer_question', { body: { id, content: 'Mine did not.', author: 'Buyer Bo' } });
  await call('POST', 'publish_question', { body: { id } });
  await ask(env, { question: 'Held question?', author_email: 'h@example.com' }, '10.5.0.3');

  const res = await env.app.inject({ url: '/storefront/v1/fragment?shop=shop-a.myshopify.com&widget=product-reviews&product_id=1001&questions=1' });
  assert.equal(res.statusCode, 200);
  const [ld] = jsonLd(res.body);
  assert.equal(ld['@type'], 'Product');
  assert.deepEqual(
    ld.subjectOf,
    [
      {
        '@type': 'Question',
        name: 'Does it shrink? </script><script>alert(1)</script>',
        text: 'Does it shrink? </script><script>alert(1)</script>',
        dateCreated: '2026-06-01',
        author: { '@type': 'Person', name: 'Eve <img src=x>' },
        answerCount: 2,
        acceptedAnswer: { '@type': 'Answer', text: 'No, it is pre-washed.', dateCreated: '2026-06-01', author: { '@type': 'Organization', name: 'shop-a.myshopify.com' }, upvoteCount: 0 },
        suggestedAnswer: [{ '@type': 'Answer', text: 'Mine did not.', dateCreated: '2026-06-01', author: { '@type': 'Organization', name: 'Buyer Bo' }, upvoteCount: 0 }],
      },
    ],
    'the unanswered and the held questions carry no markup',
  );
  assert.ok(store.data.answers[0]);
  assert.doesNotMatch(res.body, /<script>alert/);
  assert.doesNotMatch(res.body, /<img src=x>/);
  assert.match(res.body, /Eve &lt;img src=x&gt;/);
  assert.match(res.body, /Unanswered &lt;b&gt;one&lt;\/b&gt;\?/);
  assert.match(res.body, /role="tab"[^>]*>Questions \(2\)</);
  assert.doesNotMatch(res.body, /Held question/);
  assert.match(res.body, /id="pl-pq" aria-labelledby="pl-tq" hidden/, 'the reviews tab is shown first');

  const open = await env.app.inject({ url: '/storefront/v1/fragment?shop=shop-a.myshopify.com&widget=product-reviews&product_id=1001&questions=1&tab=questions&qa_q=shrink' });
  assert.match(open.body, /id="pl-pr" aria-labelledby="pl-tr" hidden/);
  assert.equal([...open.body.matchAll(/class="qt"/g)].length, 1, 'the search applies');
  assert.equal(
    jsonLd((await env.app.inject({ url: '/storefront/v1/fragment?shop=shop-a.myshopify.com&widget=product-reviews&product_id=1001' })).body)[0].subjectOf,
    undefined,
    'without the tab, no questions',
  );
  const bad = await env.app.inject({ url: '/storefront/v1/fragment?shop=shop-a.myshopify.com&widget=product-reviews&product_id=1001&questions=1&qa_sort=oldest' });
  assert.equal(bad.json().code, 3);
  assert.match(bad.json().message, /qa_sort/);
});
