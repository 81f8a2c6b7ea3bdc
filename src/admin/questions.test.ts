import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { ask, newestQuestionId, seedProduct } from '../questions/questions.testkit.ts';
import { assertProblem, memberOf } from './admin.testkit.ts';

test("console Q&A API: list, answer, publish, hide an answer, invite, settings; roles; another shop's question is not found; bad input", async (t) => {
  const env = await buildTestApp(t);
  const a = env.shopA.shopId;
  const b = env.shopB.shopId;
  await seedProduct(env);
  await ask(env);
  const id = await newestQuestionId(env);
  const owner = await memberOf(env, [{ shopId: a, role: 'owner' }]);
  const moderator = await memberOf(env, [{ shopId: a, role: 'moderator' }]);
  const viewer = await memberOf(env, [{ shopId: a, role: 'viewer' }]);
  const ownerB = await memberOf(env, [{ shopId: b, role: 'owner' }]);

  const listed = (await viewer.call('GET', `/shops/${a}/questions?status=pending`)).json();
  assert.deepEqual([listed.total, listed.page, listed.has_more, listed.items.map((q: { id: string; author_email: string }) => [q.id, q.author_email])], [1, 1, false, [[id, 'sam@example.com']]]);
  assertProblem(await viewer.call('POST', `/shops/${a}/questions/${id}/answers`, { content: 'Yes' }), 403, 'forbidden');

  const answered = await moderator.call('POST', `/shops/${a}/questions/${id}/answers`, { content: 'True to size.', author: 'Kim' });
  assert.equal(answered.statusCode, 200, answered.body);
  const answerId = answered.json().answers[0].id as string;
  assert.deepEqual(
    answered.json().answers.map((x: { author: string; by_store: number }) => [x.author, x.by_store]),
    [['Kim', 1]],
  );
  assert.equal((await moderator.call('POST', `/shops/${a}/questions/${id}/publish`, {})).json().status, 'published');
  const hidden = (await moderator.call('POST', `/shops/${a}/questions/${id}/hide`, { answer_id: answerId })).json();
  assert.deepEqual([hidden.status, hidden.answer_count, hidden.answers[0].is_published], ['published', 0, 0]);
  assert.deepEqual((await moderator.call('POST', `/shops/${a}/questions/${id}/invitations`, { max: 2 })).json(), { invited: 0 }, 'no buyers yet');
  assert.equal((await viewer.call('GET', `/shops/${a}/questions?unanswered=true`)).json().total, 0);

  assert.deepEqual((await viewer.call('GET', `/shops/${a}/settings/questions`)).json(), { auto_publish_answered: false });
  assertProblem(await moderator.call('PUT', `/shops/${a}/settings/questions`, { auto_publish_answered: true }), 403, 'forbidden');
  assert.deepEqual((await owner.call('PUT', `/shops/${a}/settings/questions`, { auto_publish_answered: true })).json(), { auto_publish_answered: true });

  // Shop B's owner: no access to shop A's list, and shop A's question is not found under shop B.
  assertProblem(await ownerB.call('GET', `/shops/${a}/questions`), 404, 'not-found');
  assert.equal((await ownerB.call('GET', `/shops/${b}/questions`)).json().total, 0);
  const before = await env.snapshot();
  for (const [path, body] of [
    [`/questions/${id}/answers`, { content: 'Hijack' }],
    [`/questions/${id}/publish`, {}],
    [`/questions/${id}/hide`, {}],
    [`/questions/${id}/invitations`, {}],
  ] as const) {
    assertProblem(await ownerB.call('POST', `/shops/${b}${path}`, body), 404, 'not-found');
  }
  // Bad input: a problem naming the field, nothing written.
  assertProblem(await moderator.call('POST', `/shops/${a}/questions/${id}/answers`, { content: '' }), 400, 'invalid-argument', 'content');
  assertProblem(await moderator.call('POST', `/shops/${a}/questions/${id}/answers`, { content: '   ' }), 400, 'invalid-argument', 'content');
  assertProblem(await moderator.call('POST', `/shops/${a}/questions/${id}/answers`, { content: 'ok', extra: 1 }), 400, 'invalid-argument');
  assertProblem(await moderator.call('POST', `/shops/${a}/questions/abc/publish`, {}), 400, 'invalid-argument', 'id');
  assertProblem(await moderator.call('POST', `/shops/${a}/questions/${id}/hide`, { answer_id: '99999' }), 404, 'not-found');
  assertProblem(await moderator.call('POST', `/shops/${a}/questions/${id}/invitations`, { max: 50 }), 400, 'invalid-argument', 'max');
  assertProblem(await viewer.call('GET', `/shops/${a}/questions?status=deleted`), 400, 'invalid-argument', 'status');
  assertProblem(await owner.call('PUT', `/shops/${a}/settings/questions`, { auto_publish_answered: 'yes' }), 400, 'invalid-argument', 'auto_publish_answered');
  assert.deepEqual(await env.snapshot(), before);
});
