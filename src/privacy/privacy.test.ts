import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand } from '../cli/testkit.ts';
import { DAY, emailTestApp, linksOf, listen } from '../emails/emails.testkit.ts';
import { privacyCommands } from './privacy.cli.ts';

test('customers export then forget: personal data erased, review text kept anonymised, pending emails cancelled, other shoppers untouched', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, clock, worker, smtp, database } = env;
  const order = (id: number, email: string, fulfilled: string) => ({
    order_id: id,
    customer: { id: 900 + id, email, first_name: 'Ann', last_name: 'Lee', phone: '+1 555' },
    line_items: [{ product_id: 3, title: 'Lamp' }],
    fulfilled_at: fulfilled,
  });
  await shopA.client.call('POST', 'push_orders', {
    body: { orders: [order(1, 'ann@example.com', '2026-06-01 00:00:00'), order(2, 'bob@example.com', '2026-06-01 00:00:00'), order(3, 'ann@example.com', '2026-06-05 00:00:00')] },
  });
  clock.advance(7 * DAY);
  await worker.runOnce();
  const annMail = smtp.messages.find((m) => JSON.stringify(m.to).includes('ann@'))!;
  const get = await listen(app);
  await get(linksOf(annMail).review[0]!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rating=5&author=Ann%20Lee&content=Bright%20lamp' });
  await shopA.client.call('POST', 'email_unsubscribe', { body: { email: 'ann@example.com', email_type: 'market_email' } });

  const exported = JSON.parse(await runCommand(env, privacyCommands, ['customers', 'export', '--domain', 'shop-a.myshopify.com', '--email', 'ANN@example.com']));
  assert.deepEqual(
    exported.orders.map((o: { order_id: string; customer_phone: string }) => [o.order_id, o.customer_phone]),
    [
      ['1', '+1 555'],
      ['3', '+1 555'],
    ],
  );
  assert.deepEqual(
    exported.customer_events.map((e: { event_type: string }) => e.event_type),
    ['SEND_EMAIL', 'SUBMIT_REVIEW'],
  );
  assert.deepEqual(
    exported.reviews.map((r: { author: string; content: string }) => [r.author, r.content]),
    [['Ann Lee', 'Bright lamp']],
  );
  assert.deepEqual(
    exported.unsubscribes.map((u: { email_type: string }) => u.email_type),
    ['market_email'],
  );
  assert.deepEqual(
    exported.emails.map((e: { order_id: string; state: string }) => [e.order_id, e.state]),
    [
      ['1', 'sent'],
      ['3', 'pending'],
    ],
  );

  const forgotten = JSON.parse(await runCommand(env, privacyCommands, ['customers', 'forget', '--domain', 'shop-a.myshopify.com', '--email', 'ann@example.com']));
  assert.deepEqual(forgotten, { email: 'ann@example.com', orders: 2, customer_events: 2, reviews: 1 });
  const orders = await database.db.selectFrom('orders').select(['order_id', 'customer_id', 'customer_email', 'customer_name', 'customer_phone']).orderBy('order_id').execute();
  assert.deepEqual(orders, [
    { order_id: '1', customer_id: '', customer_email: '', customer_name: '', customer_phone: '' },
    { order_id: '2', customer_id: '902', customer_email: 'bob@example.com', customer_name: 'Ann Lee', customer_phone: '+1 555' },
    { order_id: '3', customer_id: '', customer_email: '', customer_name: '', customer_phone: '' },
  ]);
  const review = (await shopA.client.getReviews()).data.list[0]!;
  assert.deepEqual([review.author, review.author_email, review.content, review.is_verified], ['Anonymous', '', 'Bright lamp', 1]);
  const updated = env.events.emitted.at(-1)!;
  assert.deepEqual([updated.topic, (updated.data as { author: string }).author], ['review/updated', 'Anonymous']);
  const events = await database.db.selectFrom('customer_events').select('customer_email').execute();
  assert.ok(events.length > 0 && events.every((e) => e.customer_email === 'bob@example.com'));
  clock.advance(10 * DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 2, 'the pending request of order 3 is not sent');
  const again = JSON.parse(await runCommand(env, privacyCommands, ['customers', 'export', '--domain', 'shop-a.myshopify.com', '--email', 'ann@example.com']));
  assert.deepEqual([again.orders, again.customer_events, again.reviews], [[], [], []]);
  await assert.rejects(runCommand(env, privacyCommands, ['customers', 'forget', '--domain', 'shop-a.myshopify.com', '--email', 'nope']), /email/);
});
