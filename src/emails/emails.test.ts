import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upsertProduct } from '../products/products.service.ts';
import { updateEmailSettings } from './settings.service.ts';
import { runCommand } from '../cli/testkit.ts';
import { emailCommands } from './emails.cli.ts';
import { DAY, emailTestApp, linksOf, listen } from './emails.testkit.ts';

const FULFILLED = '2026-06-01 12:00:00';
const order = (id: number, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  order_name: `#${id}`,
  customer: { id: 7000 + id, email: `Shopper${id}@Example.com`, first_name: 'Ann', last_name: 'Lee' },
  line_items: [
    { product_id: 111, title: 'Red shirt' },
    { product_id: 222, title: 'Blue hat' },
    { product_id: 111, title: 'Red shirt' },
  ],
  created_at: '2026-05-30 10:00:00',
  fulfilled_at: FULFILLED,
  ...extra,
});

test('fulfilled order → email after the delay → open pixel → review form → verified review → Evaluated, with events', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, clock, worker, smtp, database } = env;
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt', image: 'https://cdn.example.com/red.jpg' });
  const pushed = await shopA.client.call<{ list: { status: number; scheduled_at: string }[] }>('POST', 'push_orders', { body: { orders: [order(1001)] } });
  assert.equal(pushed.code, 0, pushed.message);
  assert.deepEqual([pushed.data.list[0]!.status, pushed.data.list[0]!.scheduled_at], [2, '2026-06-08T12:00:00Z']);

  clock.advance(7 * DAY - 60_000);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 0, 'nothing before the delay');
  clock.advance(60_000);
  assert.equal((await worker.runOnce())['review-request-emails'], 1);
  assert.equal(smtp.messages.length, 1);
  const mail = smtp.messages[0]!;
  assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'shopper1001@example.com');
  assert.equal(mail.from?.value[0]?.name, 'shop-a.myshopify.com');
  assert.equal(mail.subject, 'How was your order from shop-a.myshopify.com?');
  const header = (key: string) =>
    mail.headerLines
      .find((h) => h.key === key)
      ?.line.replace(/^[^:]+:\s*/, '')
      .replace(/\r?\n\s*/g, '');
  assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  assert.ok(typeof mail.html === 'string' && mail.html.includes('src="https://cdn.example.com/red.jpg" alt="Red shirt"'));
  assert.match(mail.text ?? '', /Red shirt\nWrite a review: https:\/\/reviews\.example\.com\/r\/review\?t=/);
  assert.match(mail.text ?? '', /Blue hat/);
  const links = linksOf(mail);
  assert.equal(links.review.length, 2, 'one review link per distinct product');
  assert.deepEqual(
    links.stars,
    links.review.flatMap((l) => [1, 2, 3, 4, 5].map((n) => `${l}&rating=${n}`)),
    'five star links per product',
  );
  assert.equal(header('list-unsubscribe'), `<${links.unsubscribe}>`);

  const statusOf = async () => (await shopA.client.call<{ list: { status: number; sent_at: string }[] }>('GET', 'get_orders', {})).data.list[0]!;
  assert.deepEqual(await statusOf(), { ...(await statusOf()), status: 3, sent_at: '2026-06-08T12:00:00Z' });

  const get = await listen(app);
  const pixel = await get(links.open, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)' } });
  assert.equal(pixel.status, 200);
  assert.equal(pixel.headers.get('content-type'), 'image/gif');
  assert.equal((await statusOf()).status, 4);

  const form = await get(links.review[0]!);
  assert.equal(form.status, 200);
  assert.equal(form.headers.get('referrer-policy'), 'no-referrer');
  const formHtml = await form.text();
  assert.match(formHtml, /<h1>Review your order<\/h1>.*<h2 id="p0">Red shirt<\/h2>.*<h2 id="p1">Blue hat<\/h2>/s);
  assert.match(formHtml, /<img src="https:\/\/cdn\.example\.com\/red\.jpg" alt="Red shirt"/);
  assert.match(formHtml, /value="Ann Lee"/);
  assert.doesNotMatch(formHtml, /<script(?! src="\/r\/review-form\.js" defer><\/script>)/i, "no script but the page's own");
  assert.match(form.headers.get('content-security-policy') ?? '', /script-src 'self'/);

  const submitted = await get(links.review[0]!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ rating: '5', author: 'Ann L.', title: 'Lovely', content: 'Fits well' }).toString(),
  });
  assert.equal(submitted.status, 200);
  assert.match(await submitted.text(), /Your review of Red shirt has been received/);
  const reviews = await shopA.client.getReviews();
  assert.equal(reviews.data.list.length, 1);
  const review = reviews.data.list[0]!;
  assert.deepEqual(
    [review.product_id, review.order_id, review.rating, review.author, review.author_email, review.title, review.content, review.source, review.is_verified],
    ['111', '1001', 5, 'Ann L.', 'shopper1001@example.com', 'Lovely', 'Fits well', 'Email request', 1],
  );
  assert.equal((await statusOf()).status, 5);
  const again = await get(links.review[0]!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rating=1&author=X' });
  assert.equal(again.status, 409, 'one review per product and order');
  assert.equal((await shopA.client.getReviews()).data.list.length, 1);

  const events = await shopA.client.call<{ list: { event_type: string; event_source: string; os_type: string; product_id: string; review_id: string; customer_email: string }[] }>(
    'GET',
    'get_customer_events',
    { query: { sort_by: 'created-ascending', event_source: 'EMAIL' } },
  );
  assert.deepEqual(
    events.data.list.map((e) => e.event_type),
    ['SEND_EMAIL', 'OPEN_EMAIL', 'CLICK_EMAIL', 'SUBMIT_REVIEW'],
  );
  assert.equal(events.data.list[1]!.os_type, 'IOS');
  assert.deepEqual([events.data.list[3]!.product_id, events.data.list[3]!.review_id], ['111', review.id]);
  const topics = env.events.emitted.map((e) => e.topic);
  assert.deepEqual(topics, ['customer_event/created', 'customer_event/created', 'customer_event/created', 'review/created', 'customer_event/created']);
  assert.deepEqual(
    env.events.emitted.filter((e) => e.topic === 'customer_event/created').map((e) => (e.data as { event_type: string }).event_type),
    ['SEND_EMAIL', 'OPEN_EMAIL', 'CLICK_EMAIL', 'SUBMIT_REVIEW'],
  );
  assert.ok(env.events.emitted.every((e) => e.shopId === shopA.shopId));
});

test('one reminder after N days unless the order was reviewed; the tracked shop link redirects', async (t) => {
  const { app, shopA, clock, worker, smtp, database } = await emailTestApp(t);
  await updateEmailSettings({ db: database.db, clock }, shopA.shopId, { delay_days: 2, reminder_days: 3, sender_name: 'Ann at Shop A' });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1), order(2)] } });
  clock.advance(2 * DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 2);
  assert.equal(smtp.messages[0]!.from?.value[0]?.name, 'Ann at Shop A');

  const get = await listen(app);
  const second = smtp.messages.find((m) => JSON.stringify(m.to).includes('shopper2@'))!;
  const click = await get(linksOf(second).click[0]!);
  assert.equal(click.status, 302);
  assert.equal(click.headers.get('location'), 'https://shop-a.myshopify.com');
  const reviewLink = linksOf(second).review[1]!;
  const posted = await get(reviewLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rating=4&author=Ann&content=ok' });
  assert.equal(posted.status, 200);

  // The review's author also gets its confirmation and photo request (src/reviewers): count the order emails only.
  const requests = () => smtp.messages.filter((m) => m.subject?.includes('your order from'));
  clock.advance(3 * DAY - 1000);
  await worker.runOnce();
  assert.equal(requests().length, 2, 'not before reminder_days');
  clock.advance(1000);
  await worker.runOnce();
  assert.equal(requests().length, 3, 'only the unreviewed order is reminded');
  assert.equal(requests()[2]!.subject, 'Reminder: how was your order from shop-a.myshopify.com?');
  assert.match(JSON.stringify(requests()[2]!.to), /shopper1@example\.com/);
  clock.advance(30 * DAY);
  await worker.runOnce();
  assert.equal(requests().length, 3, 'a single reminder');
});

test('untrusted names and titles are escaped in the email and on the form; tampered links are refused', async (t) => {
  const { app, shopA, clock, worker, smtp, snapshot } = await emailTestApp(t);
  await shopA.client.call('POST', 'push_orders', {
    body: { orders: [order(5, { customer: { email: 'x@example.com', first_name: '<img src=x onerror=alert(1)>' }, line_items: [{ product_id: 9, title: '<script>alert(1)</script>' }] })] },
  });
  clock.advance(7 * DAY);
  await worker.runOnce();
  const mail = smtp.messages[0]!;
  const html = String(mail.html);
  assert.doesNotMatch(html, /<script|<img src=x/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const get = await listen(app);
  const link = linksOf(mail).review[0]!;
  const page = await (await get(link)).text();
  assert.doesNotMatch(page, /<script>|<img src=x/);
  assert.deepEqual(
    [...page.matchAll(/<script[^>]*>/g)].map((m) => m[0]),
    ['<script src="/r/review-form.js" defer>'],
    "only the page's own script",
  );
  assert.match(page, /value="&lt;img src=x onerror=alert\(1\)&gt;"/);

  const before = await snapshot();
  const tampered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  for (const bad of [tampered, link.replace('/r/review?', '/r/unsubscribe?'), `${new URL(link).origin}/r/review?t=abc.def`]) {
    const res = await get(bad, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rating=5&author=Eve' });
    assert.equal(res.status, 404, bad);
  }
  const invalid: [string, RegExp][] = [
    ['rating=6&author=Eve', /Choose a rating/],
    ['rating=5&author=', /Enter your name/],
    [`rating=5&author=Eve&title=${'t'.repeat(301)}`, /at most 300/],
    [`rating=5&author=Eve&content=${'c'.repeat(10001)}`, /at most 10000/],
  ];
  for (const [body, message] of invalid) {
    const res = await get(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    assert.equal(res.status, 400, body.slice(0, 30));
    assert.match(await res.text(), message);
  }
  assert.deepEqual(await snapshot(), before, 'a refused link or an invalid form writes nothing');

  const longText = '好<b>'.repeat(2500);
  const ok = await get(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ rating: '4', author: '<i>Ann</i>', content: longText }).toString(),
  });
  assert.equal(ok.status, 200);
  const review = (await shopA.client.getReviews()).data.list[0]!;
  assert.deepEqual([review.author, review.content.length, review.source], ['<i>Ann</i>', 10000, 'Email request'], "stored as typed; escaping is the renderer's job");
});

test('emails settings (CLI): only the chosen products are asked about; an order without any of them stays Waiting; bad values refused', async (t) => {
  const env = await emailTestApp(t);
  const { shopA, clock, worker, smtp } = env;
  const settings = (...args: string[]) => runCommand(env, emailCommands, ['emails', 'settings', '--domain', 'shop-a.myshopify.com', '--json', ...args]);
  const sequence = { reminder2_days: null, reminder3_days: null, remind_only_engaged: 0, postpone_days: 7, daily_cap: null };
  assert.deepEqual(JSON.parse(await settings()), { domain: 'shop-a.myshopify.com', enabled: 1, delay_days: 7, reminder_days: null, ...sequence, sender_name: '', product_ids: [], language: 'en' });
  assert.deepEqual(JSON.parse(await settings('--products', '222', '--delay-days', '1', '--reminder-days', '4', '--sender-name', 'Shop A team', '--language', 'de')), {
    domain: 'shop-a.myshopify.com',
    enabled: 1,
    delay_days: 1,
    reminder_days: 4,
    ...sequence,
    sender_name: 'Shop A team',
    product_ids: ['222'],
    language: 'de',
  });
  await settings('--language', 'en');
  const sequence3 = JSON.parse(await settings('--reminder-days', '3,5,7', '--engaged-only', '1', '--postpone-days', '10', '--daily-cap', '500'));
  assert.deepEqual([sequence3.reminder_days, sequence3.reminder2_days, sequence3.reminder3_days, sequence3.remind_only_engaged, sequence3.postpone_days, sequence3.daily_cap], [3, 5, 7, 1, 10, 500]);
  const cleared = JSON.parse(await settings('--reminder-days', 'none', '--daily-cap', 'none'));
  assert.deepEqual([cleared.reminder_days, cleared.reminder2_days, cleared.reminder3_days, cleared.daily_cap], [null, null, null, null]);
  const before = await env.snapshot();
  for (const bad of [
    ['--delay-days', '-1'],
    ['--delay-days', '400'],
    ['--reminder-days', '0'],
    ['--reminder-days', '1,2,3,4'],
    ['--reminder-days', '2,x'],
    ['--engaged-only', '2'],
    ['--postpone-days', '0'],
    ['--postpone-days', '61'],
    ['--daily-cap', '0'],
    ['--enabled', 'yes'],
    ['--products', '12a'],
    ['--sender-name', 'A <b>'],
    ['--language', 'xx'],
  ]) {
    await assert.rejects(settings(...bad), Error, bad.join(' '));
  }
  assert.deepEqual(await env.snapshot(), before);

  const pushed = await shopA.client.call<{ list: { status: number }[] }>('POST', 'push_orders', {
    body: { orders: [order(1), { ...order(2), line_items: [{ product_id: 111, title: 'Red shirt' }] }] },
  });
  assert.deepEqual(
    pushed.data.list.map((o) => o.status),
    [2, 1],
  );
  clock.advance(DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 1);
  assert.equal(linksOf(smtp.messages[0]!).review.length, 1);
  assert.match(smtp.messages[0]!.text ?? '', /Blue hat/);
  assert.doesNotMatch(smtp.messages[0]!.text ?? '', /Red shirt/);
  await settings('--enabled', '0');
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(3)] } });
  assert.equal((await shopA.client.call<{ list: { status: number }[] }>('GET', 'get_orders', { query: { type: 2 } })).data.list.length, 0, 'requests off: nothing scheduled');
});
