import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { buildTestApp, TEST_SECRET_KEY } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { orderCommands } from './orders.cli.ts';

function tempFile(t: { after: (fn: () => void) => void }, name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-import-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

test('orders import (CSV): imports, skips unchanged re-imports, rejects bad lines by number, and is idempotent', async (t) => {
  const env = await buildTestApp(t);
  const csv = [
    'order_id,order_name,customer_email,first_name,last_name,product_ids,created_at,fulfilled_at',
    '1001,#1001,ann@example.com,"Ann, ""A""",Lee,111;222,2026-05-30 10:00:00,2026-05-31 10:00:00',
    '1002,#1002,not-an-email,Bob,,111,2026-05-30 11:00:00,',
    'abc,#x,c@example.com,Cy,,111,,',
    '1003,"#10',
    '03",dee@example.com,Dee,,333,2026-05-30 12:00:00,',
    '1004,#1004,,Eve,,444,2026-05-30 13:00:00,2026-05-40 00:00:00',
    '',
  ].join('\r\n');
  const file = tempFile(t, 'orders.csv', csv);
  const out = await runCommand(env, orderCommands, ['orders', 'import', '--domain', 'shop-a.myshopify.com', file]);
  assert.equal(
    out,
    [
      'imported: 2',
      'updated: 0',
      'skipped: 0',
      'rejected: 3',
      '  line 3: customer.email must be an email address',
      '  line 4: order_id Expected union value',
      '  line 7: fulfilled_at must be a time as "YYYY-MM-DD HH:MM:SS" or RFC 3339',
      '',
    ].join('\n'),
  );
  const orders = await env.shopA.client.call<{ list: Record<string, unknown>[] }>('GET', 'get_orders', { query: { sort_by: 'created-ascending' } });
  assert.deepEqual(
    orders.data.list.map((o) => [o.order_id, o.order_name, o.customer_name, o.status, o.scheduled_at]),
    [
      ['1001', '#1001', 'Ann, "A" Lee', 2, '2026-06-07T10:00:00Z'],
      ['1003', '#10\r\n03', 'Dee', 1, ''],
    ],
  );
  const again = JSON.parse(await runCommand(env, orderCommands, ['orders', 'import', '--domain', 'shop-a.myshopify.com', '--json', file]));
  assert.deepEqual({ ...again, rejected: again.rejected.length }, { imported: 0, updated: 0, skipped: 2, rejected: 3 });
  assert.equal((await env.database.db.selectFrom('email_jobs').selectAll().execute()).length, 1, 'a re-import schedules nothing twice');
});

test('orders import (JSON lines) uses the push_orders shape; a wrong header or extension is refused without writing', async (t) => {
  const env = await buildTestApp(t);
  const lines = [
    JSON.stringify({ order_id: 1, customer: { email: 'a@example.com' }, line_items: [{ product_id: 5 }] }),
    '{broken',
    JSON.stringify({ order_id: 1, fulfilled_at: '2026-06-01 00:00:00' }),
    JSON.stringify({ order_id: 2, line_items: 'no' }),
  ].join('\n');
  const out = JSON.parse(await runCommand(env, orderCommands, ['orders', 'import', '--domain', 'shop-a.myshopify.com', '--json', tempFile(t, 'o.jsonl', lines)]));
  assert.deepEqual(out, {
    imported: 1,
    updated: 1,
    skipped: 0,
    rejected: [
      { line: 2, reason: 'not valid JSON' },
      { line: 4, reason: 'line_items Expected array' },
    ],
  });

  const before = await env.snapshot();
  const badHeader = JSON.parse(await runCommand(env, orderCommands, ['orders', 'import', '--domain', 'shop-a.myshopify.com', '--json', tempFile(t, 'h.csv', 'id,email\n1,a@example.com\n')]));
  assert.equal(badHeader.rejected[0].line, 1);
  assert.match(badHeader.rejected[0].reason, /unknown: id, email/);
  await assert.rejects(runCommand(env, orderCommands, ['orders', 'import', '--domain', 'shop-a.myshopify.com', tempFile(t, 'o.txt', '')]), /must end in \.csv or \.jsonl/);
  await assert.rejects(runCommand(env, orderCommands, ['orders', 'import', '--domain', 'nope.myshopify.com', tempFile(t, 'o.csv', 'order_id\n1\n')]), /not found/);
  assert.deepEqual(await env.snapshot(), before);
});

test('the real plaudit bin runs orders import, emails settings and customers forget (usage errors exit 2)', async (t) => {
  const env = await buildTestApp(t);
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['bin/plaudit.mjs', ...args],
        { env: { ...process.env, DATABASE_URL: env.databaseUrl, PLAUDIT_SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const file = tempFile(t, 'o.csv', 'order_id,customer_email,product_ids,fulfilled_at\n1,a@example.com,5,2026-06-01 00:00:00\n2,bad,5,\n');
  const imported = await run(['orders', 'import', '--domain', 'shop-a.myshopify.com', '--json', file]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.deepEqual(JSON.parse(imported.stdout), { imported: 1, updated: 0, skipped: 0, rejected: [{ line: 3, reason: 'customer.email must be an email address' }] });
  const settings = await run(['emails', 'settings', '--domain', 'shop-a.myshopify.com', '--json', '--reminder-days', '2']);
  assert.equal(JSON.parse(settings.stdout).reminder_days, 2);
  const forgot = await run(['customers', 'forget', '--domain', 'shop-a.myshopify.com', '--email', 'a@example.com']);
  assert.deepEqual(JSON.parse(forgot.stdout), { email: 'a@example.com', orders: 1, customer_events: 0, reviews: 0 });
  const usage = await run(['orders', 'import', '--domain', 'shop-a.myshopify.com']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /give exactly one FILE\.csv or FILE\.jsonl/);
});
