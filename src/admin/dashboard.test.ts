import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upsertProduct } from '../products/products.service.ts';
import { DAY, emailTestApp, linksOf, listen } from '../emails/emails.testkit.ts';
import { memberOf } from './admin.testkit.ts';

const order = (id: number) => ({
  order_id: id,
  order_name: `#${id}`,
  customer: { id, email: `shopper${id}@example.com`, first_name: 'Sam' },
  line_items: [{ product_id: 111, title: 'Red shirt' }],
  fulfilled_at: '2026-06-01 12:00:00',
});

test('dashboard funnel: requests sent through SMTP → the pixel counts an open, a followed star link counts a click (and an open), once each; a review counts last', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, shopB, clock, worker, smtp, services } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  const pushed = await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1), order(2), order(3)] } });
  assert.equal(pushed.code, 0, pushed.message);
  let viewer = await memberOf(env, [{ shopId: shopA.shopId, role: 'viewer' }]);
  const funnel = async () => {
    const res = await viewer.call('GET', `/shops/${shopA.shopId}/dashboard`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().funnel;
  };
  assert.deepEqual(await funnel(), { sent: 0, opened: 0, clicked: 0, reviewed: 0 });

  clock.advance(7 * DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 3);
  viewer = await memberOf(env, [{ shopId: shopA.shopId, role: 'viewer' }]); // the first session expired while idle
  const mailTo = (n: number) => linksOf(smtp.messages.find((m) => m.to && !Array.isArray(m.to) && m.to.text === `shopper${n}@example.com`)!);
  assert.deepEqual(await funnel(), { sent: 3, opened: 0, clicked: 0, reviewed: 0 });

  const get = await listen(app);
  assert.equal((await get(mailTo(1).open)).status, 200, 'shopper 1 only opens the email');
  assert.deepEqual(await funnel(), { sent: 3, opened: 1, clicked: 0, reviewed: 0 });

  const star = mailTo(2).stars[4]!;
  assert.match(star, /&rating=5$/);
  const form = await get(star);
  assert.equal(form.status, 200, 'shopper 2 follows the five-star link without loading images');
  assert.match(await form.text(), /name="rating_111" value="5" id="r5-0" checked/);
  assert.deepEqual(await funnel(), { sent: 3, opened: 2, clicked: 1, reviewed: 0 }, 'a click implies an open');
  assert.equal((await get(star)).status, 200);
  assert.deepEqual(await funnel(), { sent: 3, opened: 2, clicked: 1, reviewed: 0 }, 'a second click counts once');

  const posted = await get(star, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rating=5&author=Sam&content=Great' });
  assert.equal(posted.status, 200);
  assert.deepEqual(await funnel(), { sent: 3, opened: 2, clicked: 1, reviewed: 1 });
  const clicked = await services.db.selectFrom('orders').select(['order_id', 'opened_at', 'clicked_at']).where('clicked_at', 'is not', null).execute();
  assert.deepEqual(
    clicked.map((o) => [o.order_id, Number(o.opened_at), Number(o.clicked_at)]),
    [['2', clock.now(), clock.now()]],
  );

  const otherShop = await memberOf(env, [{ shopId: shopB.shopId, role: 'owner' }]);
  assert.deepEqual((await otherShop.call('GET', `/shops/${shopB.shopId}/dashboard`)).json().funnel, { sent: 0, opened: 0, clicked: 0, reviewed: 0 }, "another shop's funnel is its own");
  assert.equal((await otherShop.call('GET', `/shops/${shopA.shopId}/dashboard`)).statusCode, 404);
});

test('dashboard funnel: a review posted from the email form without a recorded visit still counts as opened and clicked (the steps stay nested)', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, clock, worker, smtp, services } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(7)] } });
  clock.advance(7 * DAY);
  await worker.runOnce();
  const get = await listen(app);
  const link = linksOf(smtp.messages[0]!).review[0]!;
  const posted = await get(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rating=3&author=Sam&content=Fine' });
  assert.equal(posted.status, 200);
  const viewer = await memberOf(env, [{ shopId: shopA.shopId, role: 'viewer' }]);
  assert.deepEqual((await viewer.call('GET', `/shops/${shopA.shopId}/dashboard`)).json().funnel, { sent: 1, opened: 1, clicked: 1, reviewed: 1 });
});
