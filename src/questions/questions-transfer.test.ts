import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildTestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { switchingCommands } from '../switching/switching.cli.ts';
import { ask, newestQuestionId, readQuestions, seedProduct } from './questions.testkit.ts';

test('questions and answers travel in the shop export (JSON lines) and come back on re-import, once', async (t) => {
  const env = await buildTestApp(t);
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-qa-export-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await seedProduct(env);
  await env.shopA.client.createReview({ product_id: '1001', rating: 5, author: 'Ann', content: 'Nice', commented_at: '2026-05-01 10:00:00' });
  await ask(env);
  const id = await newestQuestionId(env);
  await env.shopA.client.call('POST', 'answer_question', { body: { id, content: 'True to size.' } });
  await env.shopA.client.call('POST', 'publish_question', { body: { id } });
  await env.app.inject({
    method: 'POST',
    url: '/api/v1/reviews/answer_helpful',
    payload: { shop: 'shop-a.myshopify.com', answer_id: (await env.shopA.client.call<{ answers: { id: string }[] }>('GET', 'get_question', { query: { id } })).data.answers[0]!.id },
  });
  await ask(env, { question: 'Held one?', author_email: 'held@example.com' }, '10.6.0.2');

  const file = join(dir, 'shop.jsonl');
  const out = await runCommand(env, switchingCommands, ['reviews', 'export', '--domain', 'shop-a.myshopify.com', '--out', file]);
  assert.equal(out, `exported: 1 reviews and 2 questions to ${file}\n`);
  const lines = readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 4);
  const [answered, held] = lines.slice(2);
  assert.deepEqual(answered, {
    type: 'question',
    source_key: `plaudit:shop-a.myshopify.com:q${id}`,
    product_id: '1001',
    content: 'Does it run small?',
    author: 'Sam',
    author_email: 'sam@example.com',
    status: 'published',
    source: 'Store front',
    created_at: '2026-06-01T12:00:00Z',
    updated_at: '2026-06-01T12:00:00Z',
    answers: [{ content: 'True to size.', author: 'shop-a.myshopify.com', author_email: '', by_store: 1, verified_buyer: 0, is_published: 1, helpful_count: 1, created_at: '2026-06-01T12:00:00Z' }],
  });
  assert.equal(held!.status, 'pending');

  // Into shop B: the reviews and the questions arrive; a second import adds nothing.
  const imported = JSON.parse(await runCommand(env, switchingCommands, ['reviews', 'import', '--domain', 'shop-b.myshopify.com', file, '--json'])) as {
    created: number;
    rejectedCount: number;
    questions: unknown;
  };
  assert.deepEqual([imported.created, imported.rejectedCount, imported.questions], [1, 0, { created: 2, skipped: 0, rejected: [] }]);
  const again = JSON.parse(await runCommand(env, switchingCommands, ['reviews', 'import', '--domain', 'shop-b.myshopify.com', file, '--json'])) as { created: number; questions: unknown };
  assert.deepEqual([again.created, again.questions], [0, { created: 0, skipped: 2, rejected: [] }]);
  const shown = (await env.app.inject({ url: '/api/v1/reviews/get_product_questions?shop=shop-b.myshopify.com&product_id=1001' })).json().data.list;
  assert.deepEqual(
    shown.map((q: { content: string; answers: { content: string; helpful_count: number }[] }) => [q.content, q.answers.map((a) => [a.content, a.helpful_count])]),
    [['Does it run small?', [['True to size.', 1]]]],
  );
  assert.equal((await env.shopB.client.call<{ page: { count: number } }>('GET', 'get_questions')).data.page.count, 2);

  // Exporting shop B gives the same question lines (source keys kept).
  const second = join(dir, 'b.jsonl');
  await runCommand(env, switchingCommands, ['reviews', 'export', '--domain', 'shop-b.myshopify.com', '--out', second]);
  assert.deepEqual(
    readFileSync(second, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(2)
      .map((l) => JSON.parse(l)),
    lines.slice(2),
  );
  assert.equal((await readQuestions(env, 'product_id=1001')).json().data.list.length, 1, 'shop A is unchanged');

  // A broken question line is reported with its line number and writes nothing.
  const broken = join(dir, 'broken.jsonl');
  writeFileSync(
    broken,
    [JSON.stringify(lines[0]), JSON.stringify({ ...answered, source_key: 'x:1', status: 'deleted' }), JSON.stringify({ ...answered, source_key: 'x:2', created_at: 'yesterday' })].join('\n'),
  );
  const before = await env.snapshot();
  const report = JSON.parse(await runCommand(env, switchingCommands, ['reviews', 'import', '--domain', 'shop-b.myshopify.com', broken, '--json'])) as {
    questions: { rejected: { line: number; reason: string }[] };
  };
  assert.deepEqual(
    report.questions.rejected.map((r) => r.line),
    [2, 3],
  );
  assert.match(report.questions.rejected[0]!.reason, /status/);
  assert.match(report.questions.rejected[1]!.reason, /created_at/);
  assert.deepEqual(await env.snapshot(), before);
});
