import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWebhookTestApp } from '../../test/webhook-setup.ts';
import { DAY, startSmtpServer } from '../emails/emails.testkit.ts';
import { recordCustomerEvent } from './customer-events.service.ts';

test('customer events reach customer_event/created webhook subscribers (email and storefront events); other shops get nothing', async (t) => {
  const smtp = await startSmtpServer();
  const env = await buildWebhookTestApp(t, { env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://reviews.example.com' } });
  t.after(async () => {
    env.app.mailer.close();
    await smtp.close();
  });
  await env.subscribe(env.shopA, 'customer_event/created');
  await env.subscribe(env.shopB, 'customer_event/created');
  await env.shopA.client.call('POST', 'push_orders', {
    body: { orders: [{ order_id: 1, customer: { email: 'a@example.com' }, line_items: [{ product_id: 3 }], fulfilled_at: '2026-06-01 12:00:00' }] },
  });
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  assert.equal(smtp.messages.length, 1);
  await recordCustomerEvent({ db: env.app.db, clock: env.clock, events: env.app.events }, env.shopA.shopId, { event_type: 'CLICK_MEDIA', event_source: 'STOREFRONT', os_type: 'ANDROID' });
  await env.worker.runOnce();
  const bodies = env.receiver.requests.map((r) => JSON.parse(r.body) as unknown);
  const text = JSON.stringify(bodies);
  assert.equal(env.receiver.requests.length, 2, text);
  assert.match(text, /"event_type":"SEND_EMAIL"/);
  assert.match(text, /"event_type":"CLICK_MEDIA"/);
  assert.doesNotMatch(text, /shop-b/);
  assert.deepEqual(
    (await env.deliveries()).map((d) => d.status),
    ['succeeded', 'succeeded'],
  );
});
