import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand } from '../cli/testkit.ts';
import { emailCommands } from './emails.cli.ts';
import { updateEmailSettings } from './settings.service.ts';
import { DAY, emailTestApp, linksOf, listen } from './emails.testkit.ts';

const HOUR = 3_600_000;
const order = (id: number, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  customer: { id: 900 + id, email: `s${id}@example.com`, first_name: 'Cy' },
  line_items: [{ product_id: 10, title: 'Mug' }],
  fulfilled_at: '2026-06-01 12:00:00',
  ...extra,
});
const recipient = (mail: { to?: unknown }) => JSON.stringify(mail.to).match(/"address":"([^"]+)"/)?.[1];
const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' };
/** The postpone link of an email (HTML part) and its text-part twin. */
const postponeLink = (mail: { html?: unknown; text?: string }) => {
  const link = String(mail.html)
    .match(/href="([^"]+\/r\/postpone\?[^"]+)"/)?.[1]
    ?.replace(/&amp;/g, '&');
  assert.ok(link, 'the email has a postpone link');
  assert.ok(mail.text?.includes(`Order not arrived yet? Ask me later: ${link}`), 'and so does its text part');
  return link;
};

test('three reminders, each with its own delay after the previous email; a reviewed order gets no more', async (t) => {
  const { app, shopA, clock, worker, smtp, database } = await emailTestApp(t);
  await updateEmailSettings({ db: database.db, clock }, shopA.shopId, { delay_days: 2, reminder_days: 3, reminder2_days: 4, reminder3_days: 5 });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1), order(2)] } });
  const sentTo = () => smtp.messages.map((m) => `${recipient(m)} ${m.subject?.startsWith('Reminder') ? 'reminder' : 'request'}`);

  clock.advance(2 * DAY);
  await worker.runOnce();
  assert.deepEqual(sentTo().sort(), ['s1@example.com request', 's2@example.com request']);
  for (const [days, expected] of [
    [3, 4],
    [4, 6],
    [5, 8],
  ] as const) {
    clock.advance(days * DAY - 1000);
    await worker.runOnce();
    assert.equal(smtp.messages.length, expected - 2, `nothing before ${days} days`);
    clock.advance(1000);
    await worker.runOnce();
    assert.equal(smtp.messages.length, expected, `a reminder ${days} days after the previous email`);
  }
  assert.deepEqual(
    sentTo()
      .slice(2)
      .filter((s) => s.endsWith('reminder')).length,
    6,
  );
  clock.advance(60 * DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 8, 'three reminders at most');
  const steps = await database.db
    .selectFrom('email_jobs')
    .select(['order_ref', 'step', 'state', 'run_at', 'sent_at'])
    .where('shop_id', '=', shopA.shopId)
    .orderBy('order_ref')
    .orderBy('step')
    .execute();
  assert.deepEqual(
    steps.map((j) => [j.step, j.state]),
    [
      [0, 'sent'],
      [1, 'sent'],
      [2, 'sent'],
      [3, 'sent'],
      [0, 'sent'],
      [1, 'sent'],
      [2, 'sent'],
      [3, 'sent'],
    ],
  );

  // A review through the first reminder's link stops the rest of that order's sequence.
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(3, { fulfilled_at: '2026-08-01 00:00:00' })] } });
  clock.set(Date.UTC(2026, 7, 3));
  await worker.runOnce();
  clock.advance(3 * DAY);
  await worker.runOnce();
  const reminder = smtp.messages.at(-1)!;
  assert.deepEqual([recipient(reminder), reminder.subject], ['s3@example.com', 'Reminder: how was your order from shop-a.myshopify.com?']);
  const get = await listen(app);
  assert.equal((await get(linksOf(reminder).review[0]!, { ...form, body: 'rating=5&author=Cy' })).status, 200);
  clock.advance(30 * DAY);
  await worker.runOnce();
  // Review requests and reminders only: the reviewer now also gets a confirmation (and, for 5 stars without media, a photo request).
  assert.equal(smtp.messages.filter((m) => /^(reminder: )?how was your order/i.test(m.subject ?? '')).length, 10);
  const third = await database.db.selectFrom('email_jobs').select(['step', 'state']).where('shop_id', '=', shopA.shopId).where('state', '!=', 'sent').execute();
  assert.deepEqual(third, [{ step: 2, state: 'cancelled' }]);
});

test('remind only shoppers who opened or clicked the previous email: each email counts on its own', async (t) => {
  const { app, shopA, clock, worker, smtp, database } = await emailTestApp(t);
  await updateEmailSettings({ db: database.db, clock }, shopA.shopId, { delay_days: 1, reminder_days: 2, reminder2_days: 2, remind_only_engaged: 1 });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1), order(2), order(3)] } });
  clock.advance(DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 3);
  const mailTo = (email: string) => smtp.messages.filter((m) => recipient(m) === email).at(-1)!;
  const get = await listen(app);
  assert.equal((await get(linksOf(mailTo('s1@example.com')).click[0]!)).status, 302, 'shopper 1 clicks the shop link');
  assert.equal((await get(linksOf(mailTo('s2@example.com')).open)).status, 200, 'shopper 2 opens');

  clock.advance(2 * DAY);
  await worker.runOnce();
  assert.deepEqual(smtp.messages.slice(3).map(recipient).sort(), ['s1@example.com', 's2@example.com'], 'no reminder for the shopper who ignored the request');
  // Only shopper 2 opens the first reminder; opening the older request again does not count for it.
  await get(linksOf(mailTo('s2@example.com')).open);
  await get(linksOf(smtp.messages.find((m) => recipient(m) === 's1@example.com')!).open);
  clock.advance(2 * DAY);
  await worker.runOnce();
  assert.deepEqual(smtp.messages.slice(5).map(recipient), ['s2@example.com']);
  const skipped = await database.db
    .selectFrom('email_jobs')
    .innerJoin('orders', 'orders.id', 'email_jobs.order_ref')
    .select(['orders.order_id', 'email_jobs.step', 'email_jobs.state', 'email_jobs.last_error'])
    .where('email_jobs.state', '=', 'cancelled')
    .orderBy('orders.order_id')
    .execute();
  assert.deepEqual(skipped, [
    { order_id: '1', step: 2, state: 'cancelled', last_error: 'the previous email was not opened or clicked' },
    { order_id: '3', step: 1, state: 'cancelled', last_error: 'the previous email was not opened or clicked' },
  ]);
});

test('postpone link: the rest of the sequence moves by postpone_days, once; closed orders and foreign links are refused', async (t) => {
  const { app, shopA, shopB, clock, worker, smtp, database, snapshot } = await emailTestApp(t);
  await updateEmailSettings({ db: database.db, clock }, shopA.shopId, { delay_days: 1, reminder_days: 2, reminder2_days: 3, postpone_days: 10 });
  await updateEmailSettings({ db: database.db, clock }, shopB.shopId, { delay_days: 1, reminder_days: null, postpone_days: 5 });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1), order(2)] } });
  await shopB.client.call('POST', 'push_orders', { body: { orders: [order(7)] } });
  clock.advance(DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 3);
  const get = await listen(app);
  const mailOf = (email: string, shop: string) => smtp.messages.find((m) => recipient(m) === email && m.subject?.includes(shop))!;
  const link = postponeLink(mailOf('s1@example.com', 'shop-a'));

  const offer = await get(link);
  assert.equal(offer.status, 200);
  assert.equal(offer.headers.get('cache-control'), 'no-store');
  assert.match(await offer.text(), /We will ask for your review in 10 days instead\./);
  const before = await snapshot();
  for (const bad of [link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), linksOf(mailOf('s1@example.com', 'shop-a')).unsubscribe.replace('/r/unsubscribe?', '/r/postpone?')]) {
    assert.equal((await get(bad, form)).status, 404, 'a tampered or other-purpose token');
  }
  assert.deepEqual(await snapshot(), before, 'GET and refused links change nothing');

  const done = await get(link, form);
  assert.equal(done.status, 200);
  assert.match(await done.text(), /We will ask for your review on June 12, 2026\./);
  assert.match(await (await get(link, form)).text(), /on June 12, 2026\./, 'posting again moves nothing further');

  clock.advance(2 * DAY);
  await worker.runOnce();
  assert.deepEqual(smtp.messages.slice(3).map(recipient), ['s2@example.com'], 'only the other order is reminded on day 2');
  clock.set(Date.UTC(2026, 5, 12, 12) - 1000);
  await worker.runOnce();
  assert.deepEqual(smtp.messages.slice(4).map(recipient), ['s2@example.com'], "the other order's second reminder; nothing yet for the postponed one");
  clock.advance(1000);
  await worker.runOnce();
  assert.deepEqual(smtp.messages.slice(5).map(recipient), ['s1@example.com'], 'the postponed reminder, 10 days after the click');
  clock.advance(3 * DAY);
  await worker.runOnce();
  assert.deepEqual(smtp.messages.slice(6).map(recipient), ['s1@example.com'], 'the second reminder keeps its gap after the first');

  // Shop B has no reminders: postponing queues one reminder for postpone_days later.
  const linkB = postponeLink(mailOf('s7@example.com', 'shop-b'));
  assert.match(await (await get(linkB)).text(), /in 5 days instead/);
  assert.equal((await get(linkB, form)).status, 200);
  const jobsB = await database.db.selectFrom('email_jobs').select(['step', 'state', 'run_at']).where('shop_id', '=', shopB.shopId).orderBy('id').execute();
  assert.deepEqual(
    jobsB.map((j) => [j.step, j.state]),
    [
      [0, 'sent'],
      [1, 'pending'],
    ],
  );
  assert.equal(jobsB[1]!.run_at, clock.now() + 5 * DAY);

  // A reviewed order has nothing to postpone.
  const reviewed = mailOf('s2@example.com', 'shop-a');
  assert.equal((await get(linksOf(reviewed).review[0]!, { ...form, body: 'rating=4&author=Cy' })).status, 200);
  assert.equal((await get(postponeLink(reviewed))).status, 410);
  assert.equal((await get(postponeLink(reviewed), form)).status, 410);
});

test('daily send cap: emails over the cap wait for the next UTC day and none is dropped; another shop is not held back', async (t) => {
  const { shopA, shopB, clock, worker, smtp, database } = await emailTestApp(t);
  await updateEmailSettings({ db: database.db, clock }, shopA.shopId, { delay_days: 0, daily_cap: 2 });
  await updateEmailSettings({ db: database.db, clock }, shopB.shopId, { delay_days: 0 });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [1, 2, 3, 4, 5].map((id) => order(id, { fulfilled_at: '2026-06-01 11:00:00' })) } });
  await shopB.client.call('POST', 'push_orders', { body: { orders: [6, 7, 8].map((id) => order(id, { fulfilled_at: '2026-06-01 11:00:00' })) } });
  await worker.runOnce();
  await worker.runOnce();
  const fromShop = (shop: string) => smtp.messages.filter((m) => m.subject?.includes(shop)).map(recipient);
  assert.deepEqual(fromShop('shop-a').sort(), ['s1@example.com', 's2@example.com'], 'the first due (sent in parallel: any arrival order)');
  assert.equal(fromShop('shop-b').length, 3);
  const waiting = await database.db.selectFrom('email_jobs').select(['state', 'run_at', 'attempts', 'last_error']).where('shop_id', '=', shopA.shopId).where('state', '=', 'pending').execute();
  assert.deepEqual(
    waiting,
    [3, 4, 5].map(() => ({ state: 'pending', run_at: Date.UTC(2026, 5, 2), attempts: 0, last_error: 'daily send cap reached; waits for the next day' })),
  );

  clock.set(Date.UTC(2026, 5, 2) - 1);
  await worker.runOnce();
  assert.equal(fromShop('shop-a').length, 2);
  clock.set(Date.UTC(2026, 5, 2));
  await worker.runOnce();
  await worker.runOnce();
  assert.deepEqual(fromShop('shop-a').sort(), ['s1@example.com', 's2@example.com', 's3@example.com', 's4@example.com'], 'in the order they were due');
  clock.advance(DAY);
  await worker.runOnce();
  assert.equal(fromShop('shop-a').at(-1), 's5@example.com');
  const states = await database.db.selectFrom('email_jobs').select('state').where('shop_id', '=', shopA.shopId).execute();
  assert.deepEqual(
    states.map((s) => s.state),
    ['sent', 'sent', 'sent', 'sent', 'sent'],
  );
});

test('emails lookback asks past fulfilled orders that were never asked, paced per hour; bad input writes nothing', async (t) => {
  const env = await emailTestApp(t);
  const { shopA, shopB, clock, worker, smtp } = env;
  const lookback = (...args: string[]) => runCommand(env, emailCommands, ['emails', 'lookback', '--json', ...args]);
  const old = (id: number, date: string, extra: Record<string, unknown> = {}) => order(id, { fulfilled_at: `${date} 10:00:00`, created_at: `${date} 09:00:00`, ...extra });
  const pushed = await shopA.client.call<{ list: { status: number }[] }>('POST', 'push_orders', {
    body: {
      orders: [
        old(1, '2026-03-01'),
        old(2, '2026-03-05'),
        old(3, '2026-03-10'),
        old(4, '2026-03-15'),
        old(5, '2026-03-20'),
        old(6, '2025-12-01'), // before --since
        old(7, '2026-03-02', { cancelled_at: '2026-03-03 00:00:00' }),
        old(8, '2026-03-02', { customer: { id: 1, email: '' } }),
        old(9, '2026-03-02', { fulfilled_at: null }),
        order(10), // fulfilled now: asked the usual way
      ],
    },
  });
  assert.deepEqual(
    pushed.data.list.map((o) => o.status),
    [1, 1, 1, 1, 1, 1, 6, 1, 1, 2],
    'more than 30 days late: left Waiting',
  );
  await shopB.client.call('POST', 'push_orders', { body: { orders: [old(11, '2026-03-01')] } });

  const before = await env.snapshot();
  const bad: [string[], RegExp][] = [
    [['--domain', 'shop-a.myshopify.com', '--since', '2026-13-01'], /--since must be a date/],
    [['--domain', 'shop-a.myshopify.com', '--since', '2027-01-01'], /since/],
    [['--domain', 'shop-a.myshopify.com', '--since', '2026-01-01', '--per-hour', '0'], /per_hour/],
    [['--domain', 'shop-a.myshopify.com', '--since', '2026-01-01', '--per-hour', 'many'], /--per-hour/],
    [['--domain', 'nope.myshopify.com', '--since', '2026-01-01'], /nope/],
  ];
  for (const [args, message] of bad) await assert.rejects(lookback(...args), message, args.join(' '));
  await runCommand(env, emailCommands, ['emails', 'settings', '--domain', 'shop-b.myshopify.com', '--enabled', '0']);
  await assert.rejects(lookback('--domain', 'shop-b.myshopify.com', '--since', '2026-01-01'), /review requests are off/);
  await runCommand(env, emailCommands, ['emails', 'settings', '--domain', 'shop-b.myshopify.com', '--enabled', '1']);
  const { email_settings: _settings, ...rest } = await env.snapshot();
  const { email_settings: _before, ...restBefore } = before;
  assert.deepEqual(rest, restBefore, 'refused lookbacks write nothing');

  const result = JSON.parse(await lookback('--domain', 'shop-a.myshopify.com', '--since', '2026-01-01', '--per-hour', '2'));
  assert.deepEqual(result, { domain: 'shop-a.myshopify.com', queued: 5, first_at: '2026-06-01T12:00:00.000Z', last_at: '2026-06-01T14:00:00.000Z' });
  assert.equal(JSON.parse(await lookback('--domain', 'shop-a.myshopify.com', '--since', '2026-01-01')).queued, 0, 'asked orders are not asked twice');

  await worker.runOnce();
  assert.deepEqual(smtp.messages.map(recipient).sort(), ['s4@example.com', 's5@example.com'], 'newest first, two an hour');
  clock.advance(HOUR - 1);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 2);
  clock.advance(1);
  await worker.runOnce();
  assert.deepEqual(smtp.messages.slice(2).map(recipient).sort(), ['s2@example.com', 's3@example.com']);
  clock.advance(HOUR);
  await worker.runOnce();
  assert.deepEqual(smtp.messages.slice(4).map(recipient), ['s1@example.com']);
  const orders = await shopA.client.call<{ list: { order_id: string; status: number }[] }>('GET', 'get_orders', { query: { sort_by: 'created-ascending', page_size: 20 } });
  assert.deepEqual(
    orders.data.list.map((o) => [o.order_id, o.status]),
    [
      ['6', 1],
      ['1', 3],
      ['7', 6],
      ['8', 1],
      ['9', 1],
      ['2', 3],
      ['3', 3],
      ['4', 3],
      ['5', 3],
      ['10', 2],
    ],
  );
  assert.equal(smtp.messages.filter((m) => recipient(m) === 's11@example.com').length, 0, 'shop B was not asked');
});
