import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { switchingCommands } from './switching.cli.ts';
import { verifyLedger } from '../admin/ledger.service.ts';
import { placeholderProductId } from './switching.products.ts';
import { fixture, importJson, recount, reviewsOf, summaries } from './switching.testkit.ts';

test('Judge.me export: BOM, quoted line breaks, curated states, bad rows by line, duplicates, ignored columns; ratings exact', async (t) => {
  const env = await buildTestApp(t);
  const { db } = env.database;
  const report = await importJson(env, [fixture('judgeme.csv')]);
  assert.equal(report.format, 'judgeme');
  assert.equal(report.rows, 9);
  assert.equal(report.created, 4);
  assert.deepEqual(report.rejected, [
    { line: 6, reason: 'rating "0" is not a whole number from 1 to 5' },
    { line: 7, reason: 'rating "6" is not a whole number from 1 to 5' },
    { line: 8, reason: 'rating "five" is not a whole number from 1 to 5' },
    { line: 9, reason: 'date "sometime last year" is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)' },
  ]);
  assert.deepEqual(report.skipped, [{ line: 11, reason: 'duplicate of line 2' }]);
  assert.deepEqual(report.ignoredColumns, [
    { name: 'source', values: 9 },
    { name: 'ip_address', values: 2 },
    { name: 'CF_Fit', values: 3 },
  ]);
  const hatId = placeholderProductId('handle:new-hat');
  assert.deepEqual(report.productsCreated, [
    { product_id: '9200305176832', handle: 'blue-shirt', title: 'blue-shirt', line: 2 },
    { product_id: hatId, handle: 'new-hat', title: 'new-hat', line: 10 },
  ]);

  const rows = await reviewsOf(db, env.shopA.shopId);
  assert.deepEqual(
    rows.map((r) => [r.author, r.product_id, r.rating, r.is_published, r.source, r.title, r.content, r.author_country]),
    [
      ['Ann', '9200305176832', 5, 1, 'Judge.me', 'Great', 'Loved it,\nreally', 'US'],
      ['Bob', '9200305176832', 2, 0, 'Judge.me', 'Meh', 'Too small', ''],
      ['Cid', '0', 4, 0, 'Judge.me', 'Pending', 'Waiting for it', ''],
      ['Hal', hatId, 4, 1, 'Judge.me', 'Hat', 'Nice hat', ''],
    ],
  );
  const ann = rows[0]!;
  assert.equal(ann.commented_at, Date.UTC(2025, 2, 2, 10, 12, 0));
  assert.equal(ann.reply_content, 'Thanks Ann');
  assert.equal(ann.reply_at, Date.UTC(2025, 2, 3));
  assert.equal(ann.author_email, 'ann@example.com');
  assert.deepEqual(JSON.parse(ann.media), [
    { url: 'https://cdn.example.com/a.jpg', thumbnail_url: '', type: 1, is_published: 1 },
    { url: 'https://cdn.example.com/b.jpg', thumbnail_url: '', type: 1, is_published: 1 },
  ]);
  assert.deepEqual(await summaries(db, env.shopA.shopId), await recount(db, env.shopA.shopId));
  const rating = await env.shopA.client.getRating({ product_id: '9200305176832' });
  assert.equal(rating.data.review_count, 1);
  assert.equal(rating.data.star5_count, 1);

  // One moderation-ledger entry for the run, in a chain that still verifies.
  const ledger = await db.selectFrom('moderation_ledger').select(['actor_email', 'action', 'subject', 'after_json']).where('shop_id', '=', env.shopA.shopId).execute();
  assert.deepEqual(
    ledger.map((e) => ({ ...e, after_json: JSON.parse(e.after_json) as unknown })),
    [
      {
        actor_email: 'command line',
        action: 'reviews.import',
        subject: `import:${report.id}`,
        after_json: { format: 'judgeme', app: 'Judge.me', created: 4, skipped: 1, rejected: 4, products_created: 2 },
      },
    ],
  );
  assert.deepEqual(await verifyLedger(db, env.shopA.shopId), { ok: true, entries: 1 });

  // The product and its reviews are readable through the API like any other.
  const listed = await env.shopA.client.getReviews({ product_ids: hatId });
  assert.equal(listed.data.list[0]!.product_handle, 'new-hat');

  // Running it again adds nothing; no webhook deliveries were queued.
  const before = await env.snapshot();
  const again = await importJson(env, [fixture('judgeme.csv')]);
  assert.equal(again.created, 0);
  assert.equal(again.skippedCount, 5);
  assert.deepEqual(again.skipped.map((s) => s.reason).filter((r) => r === 'already imported').length, 4);
  assert.deepEqual(await env.snapshot(), before);
  assert.equal(before.webhook_deliveries!.length, 0);

  // Shop B is untouched.
  assert.equal((await reviewsOf(db, env.shopB.shopId)).length, 0);
});

test('a dry run writes nothing and reports what it would create, skip and reject', async (t) => {
  const env = await buildTestApp(t);
  const before = await env.snapshot();
  const report = await importJson(env, [fixture('judgeme.csv'), '--dry-run']);
  assert.equal(report.dryRun, true);
  assert.equal(report.created, 4);
  assert.equal(report.rejectedCount, 4);
  assert.equal(report.productsCreatedCount, 2);
  assert.deepEqual(await env.snapshot(), before);
  const text = await runCommand(env, switchingCommands, ['reviews', 'import', '--domain', 'shop-a.myshopify.com', fixture('judgeme.csv'), '--dry-run']);
  assert.match(text, /^DRY RUN \(nothing written\) — format: Judge\.me \(judgeme\)\n/);
  assert.match(text, /would create: 4\n/);
  assert.match(text, / {2}line 6: rating "0" is not a whole number from 1 to 5\n/);
  assert.match(text, /ignored columns: source \(9 values\), ip_address \(2 values\), CF_Fit \(3 values\)\n/);
  assert.deepEqual(await env.snapshot(), before);
});

test('a re-import after fixing rejected rows adds only the fixed rows', async (t) => {
  const env = await buildTestApp(t);
  await importJson(env, [fixture('judgeme.csv')]);
  const { readFileSync, writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-switching-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fixed = readFileSync(fixture('judgeme.csv'), 'utf8').replace('Zero,Bad,0,', 'Zero,Bad,1,').replace('sometime last year', '2024-06-01');
  writeFileSync(join(dir, 'fixed.csv'), fixed);
  const report = await importJson(env, [join(dir, 'fixed.csv')]);
  assert.equal(report.created, 2);
  assert.equal(report.rejectedCount, 2);
  const authors = (await reviewsOf(env.database.db, env.shopA.shopId)).map((r) => r.author).sort();
  assert.deepEqual(authors, ['Ann', 'Bob', 'Cid', 'Dan', 'Gus', 'Hal']);
  assert.deepEqual(await summaries(env.database.db, env.shopA.shopId), await recount(env.database.db, env.shopA.shopId));
});

test('no webhook events unless --webhooks; with it, one review/created per imported review', async (t) => {
  const { buildWebhookTestApp } = await import('../../test/webhook-setup.ts');
  const env = await buildWebhookTestApp(t);
  await env.subscribe(env.shopA, 'review/created');
  await importJson(env, [fixture('judgeme.csv')]);
  assert.equal((await env.deliveries()).length, 0);
  const report = await importJson(env, [fixture('shopify.csv'), '--webhooks']);
  assert.equal(report.created, 4);
  assert.equal((await env.deliveries()).length, 4);
});

test('progress is readable through the service while it runs, and drawn as a bar on a terminal', async (t) => {
  const env = await buildTestApp(t);
  const { importReviews, importProgress } = await import('./switching.service.ts');
  const { fileSource } = await import('./switching.sources.ts');
  const { progressPrinter } = await import('./switching.progress.ts');
  const seen: { phase: string; rows: number; total: number | null; readable: boolean }[] = [];
  let drawn = '';
  const draw = progressPrinter({ isTTY: true, write: (text: string) => (drawn += text) });
  const source = await fileSource(fixture('judgeme.csv'), 'auto', () => env.clock.now());
  const report = await importReviews({ db: env.database.db, clock: env.clock, events: env.app.events }, env.shopA.shopId, source, {
    batchSize: 2,
    onProgress: (p) => {
      seen.push({ phase: p.phase, rows: p.rows, total: p.total, readable: p.phase === 'done' || importProgress(p.id)?.phase === p.phase });
      draw(p);
    },
  });
  assert.equal(report.created, 4);
  assert.deepEqual(seen[0], { phase: 'writing', rows: 0, total: 9, readable: true });
  assert.deepEqual(seen.at(-1), { phase: 'done', rows: 9, total: 9, readable: true });
  assert.ok(seen.every((s) => s.readable));
  assert.equal(importProgress(report.id), undefined);
  assert.match(drawn, /\r\x1b\[Kwriting \[\.{24}\] 0\/9 rows/);
  assert.match(drawn, /\r\x1b\[Kdone \[#{24}\] 9\/9 rows, \d+ rows\/s\n$/);
});
