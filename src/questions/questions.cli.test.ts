import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { runPlaudit } from '../../test/plaudit-bin.ts';
import { ask, newestQuestionId, readQuestions, seedProduct } from './questions.testkit.ts';

test('plaudit questions list|answer|publish|hide|settings act on the shop named by --domain', async (t) => {
  const env = await buildTestApp(t);
  await seedProduct(env);
  await ask(env);
  const id = await newestQuestionId(env);
  const cli = (...args: string[]) => runPlaudit(env.databaseUrl, ['questions', ...args]);

  const listed = await cli('list', '--domain', 'shop-a.myshopify.com', '--status', 'pending');
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stdout, `#${id} [pending] product 1001 — Sam: Does it run small?\n1 question(s), page 1 of 1\n`);
  const answered = await cli('answer', '--domain', 'shop-a.myshopify.com', '--id', id, '--text', 'True to size.', '--author', 'Kim', '--json');
  assert.equal(answered.code, 0, answered.stderr);
  const answerId = (JSON.parse(answered.stdout) as { answers: { id: string }[] }).answers[0]!.id;
  assert.deepEqual(JSON.parse(answered.stdout), { id, status: 'pending', answer_count: 1, answers: [{ id: answerId, is_published: 1 }] });
  assert.deepEqual(JSON.parse((await cli('publish', '--domain', 'shop-a.myshopify.com', '--id', id, '--json')).stdout).status, 'published');
  assert.equal((await readQuestions(env, 'product_id=1001')).json().data.list[0].answers[0].author, 'Kim');
  const hidden = await cli('hide', '--domain', 'shop-a.myshopify.com', '--id', id, '--answer-id', answerId, '--json');
  assert.deepEqual(JSON.parse(hidden.stdout), { id, status: 'published', answer_count: 0, answers: [{ id: answerId, is_published: 0 }] });
  const all = await cli('list', '--domain', 'shop-a.myshopify.com');
  assert.match(all.stdout, new RegExp(`answer #${answerId} \\(hidden\\) — Kim: True to size\\.`));

  assert.deepEqual(JSON.parse((await cli('settings', '--domain', 'shop-a.myshopify.com', '--json')).stdout), { domain: 'shop-a.myshopify.com', auto_publish_answered: 0 });
  assert.deepEqual(JSON.parse((await cli('settings', '--domain', 'shop-a.myshopify.com', '--auto-publish', '1', '--json')).stdout), { domain: 'shop-a.myshopify.com', auto_publish_answered: 1 });

  const other = await cli('answer', '--domain', 'shop-b.myshopify.com', '--id', id, '--text', 'Hijack');
  assert.deepEqual([other.code, other.stderr], [1, 'error: question not found\n'], "another shop's question");
  const usage = await cli('list', '--domain', 'shop-a.myshopify.com', '--status', 'deleted');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--status must be one of pending, published, hidden/);
  const badId = await cli('publish', '--domain', 'shop-a.myshopify.com', '--id', 'abc');
  assert.deepEqual([badId.code, badId.stderr], [1, 'error: invalid argument: id is not a known id\n']);
});
