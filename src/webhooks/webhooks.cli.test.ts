import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { buildWebhookTestApp, type WebhookTestApp } from '../../test/webhook-setup.ts';
import type { CliCommand } from '../cli/command.ts';
import { webhookCommands } from './webhooks.cli.ts';
import { reviewCommands } from '../reviews/reviews.cli.ts';
import { webhookEvents } from './webhooks.events.ts';

/** Runs one command the way `plaudit` does, against the test's database and clock. */
async function cli(ctx: WebhookTestApp, line: string): Promise<string> {
  const [group, action, ...rest] = line.split(' ');
  const command = [...webhookCommands, ...reviewCommands].find((c: CliCommand) => c.name === `${group} ${action}`)!;
  const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  let out = '';
  await command.run(
    {
      ...ctx.services,
      media: ctx.services.config.media,
      events: webhookEvents,
      stdout: (s) => {
        out += s;
      },
    },
    values,
    positionals,
  );
  return out;
}

test('plaudit webhooks list / deliveries / redeliver / enable', async (t) => {
  const ctx = await buildWebhookTestApp(t);
  const { shopA, clock, worker, receiver, subscribe } = ctx;
  const subscriptionId = await subscribe(shopA, 'review/created');
  receiver.reply = () => ({ status: 410, body: '{"error":"unsubscribed"}' });
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  await worker.runOnce();

  const list = JSON.parse(await cli(ctx, 'webhooks list --domain shop-a.myshopify.com --json'));
  assert.deepEqual(
    list.map((s: Record<string, unknown>) => [s.id, s.status, s.disabled_reason, s.url, s.platform_id]),
    [[subscriptionId, 'disabled', 'the receiver answered HTTP 410 Gone', receiver.url, '0']],
  );
  assert.match(
    await cli(ctx, 'webhooks list --domain shop-a.myshopify.com'),
    new RegExp(`^${subscriptionId}\tdisabled\treview/created\t${receiver.url}\tplatform=0\t\\(the receiver answered HTTP 410 Gone\\)\n$`),
  );

  const failed = JSON.parse(await cli(ctx, 'webhooks deliveries --domain shop-a.myshopify.com --failed --json'));
  assert.equal(failed.length, 1);
  assert.deepEqual(failed[0].attempt_log, [
    { attempt: 1, at: '2026-06-01T12:00:00Z', outcome: 'failed', response_code: 410, duration_ms: failed[0].attempt_log[0].duration_ms, error: 'HTTP 410', response: '{"error":"unsubscribed"}' },
  ]);
  assert.match(
    await cli(ctx, 'webhooks deliveries --domain shop-a.myshopify.com'),
    /\tfailed\treview\/created\tsubscription=\d+\tattempts=1\tmessage=[0-9a-f]{32}\t\(HTTP 410\)\n {2}#1 2026-06-01T12:00:00Z failed 410 \d+ms HTTP 410 "\{\\"error\\":\\"unsubscribed\\"\}"\n$/,
  );

  await assert.rejects(cli(ctx, `webhooks redeliver ${failed[0].id}`), /subscription \d+ is disabled; enable it first/);
  receiver.reply = () => ({ status: 200, body: '{"code":0}' });
  clock.advance(60_000);
  const enabled = JSON.parse(await cli(ctx, `webhooks enable ${subscriptionId} --json`));
  assert.deepEqual([enabled.status, enabled.disabled_reason], ['enabled', null]);
  const again = JSON.parse(await cli(ctx, `webhooks redeliver ${failed[0].id} --json`));
  assert.equal(again.message_id, failed[0].message_id);
  assert.equal((await worker.runOnce())['webhook-deliveries'], 1);
  assert.equal(receiver.requests.length, 2);
  assert.equal(receiver.requests[1]!.body, receiver.requests[0]!.body);
  assert.equal(receiver.requests[1]!.headers['webhook-id'], failed[0].message_id);
  const all = JSON.parse(await cli(ctx, 'webhooks deliveries --domain shop-a.myshopify.com --json'));
  assert.deepEqual(
    all.map((d: { id: string; status: string }) => [d.id, d.status]),
    [
      [again.delivery_id, 'succeeded'],
      [failed[0].id, 'failed'],
    ],
  );
  assert.equal(await cli(ctx, 'webhooks deliveries --domain shop-a.myshopify.com --failed --limit 1 --json').then((o) => JSON.parse(o).length), 1);
  await assert.rejects(cli(ctx, 'webhooks enable 999999'), /subscription 999999 not found/);
  await assert.rejects(cli(ctx, 'webhooks redeliver abc'), /delivery id is required/);
  await assert.rejects(cli(ctx, 'webhooks deliveries --domain shop-a.myshopify.com --limit 0'), /--limit must be 1-1000/);
  await assert.rejects(cli(ctx, 'webhooks list --domain nowhere.example.com'), /shop nowhere.example.com not found/);
});

test('plaudit reviews unpublish / publish go through the webhook outbox', async (t) => {
  const ctx = await buildWebhookTestApp(t);
  const { shopA, worker, receiver, subscribe } = ctx;
  await subscribe(shopA, 'review/deleted');
  await subscribe(shopA, 'review/updated');
  const review = await shopA.client.createReview({ rating: 3, author: 'Jane' });
  await cli(ctx, `reviews unpublish --domain shop-a.myshopify.com --id ${review.data.id} --reason spam`);
  await worker.runOnce();
  await cli(ctx, `reviews publish --domain shop-a.myshopify.com --id ${review.data.id}`);
  await worker.runOnce();
  assert.deepEqual(
    receiver.requests.map((r) => r.headers['open-trustoo-webhook-topic']),
    ['review/deleted', 'review/updated'],
  );
});
