import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upsertProduct } from '../products/products.service.ts';
import { runCommand } from '../cli/testkit.ts';
import { assertProblem, memberOf } from '../admin/admin.testkit.ts';
import { DAY, emailTestApp, linksOf, listen } from '../emails/emails.testkit.ts';
import type { TestApp } from '../../test/helpers.ts';
import { moderationCommands } from './moderation.cli.ts';
import { containsWord } from './rules.service.ts';

const submission = (fields: Record<string, unknown> = {}) => ({
  shop: 'shop-a.myshopify.com',
  product_id: '1001',
  rating: 5,
  title: 'Nice',
  content: 'Fits well',
  author: 'Sam',
  author_email: 'sam@example.com',
  consent: 1,
  website: '',
  ...fields,
});

async function storefront(testApp: TestApp) {
  for (const shop of [testApp.shopA, testApp.shopB])
    await upsertProduct({ db: testApp.database.db, clock: testApp.clock }, shop.shopId, { product_id: '1001', handle: 'red-shirt', title: 'Red shirt' });
  return async (fields: Record<string, unknown>) => {
    const res = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/reviews/submit',
      payload: submission(fields),
      remoteAddress: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    });
    assert.equal(res.json().code, 0, res.body);
    return (res.json().data as { status: string }).status;
  };
}

const holdsOf = (testApp: TestApp) =>
  testApp.database.db
    .selectFrom('review_holds')
    .innerJoin('reviews', 'reviews.id', 'review_holds.review_id')
    .select(['reviews.content', 'review_holds.reasons', 'review_holds.released_at', 'reviews.is_published'])
    .orderBy('reviews.id')
    .execute();

test('rules hold links, emails, phone numbers, blocked words and repeat reviewers; held reviews are published after release_after_days unless a person hid them', async (t) => {
  const testApp = await emailTestApp(t);
  const { shopA, clock, worker, events } = testApp;
  const owner = await memberOf(testApp, [{ shopId: shopA.shopId, role: 'owner' }]);
  const base = `/shops/${shopA.shopId}/settings/moderation`;
  const put = await owner.call('PUT', base, { min_publish_rating: 4, hold_links: true, blocked_words: ['Refund Scam', 'crap'], hold_repeat_reviewers: true, release_after_days: 14 });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json(), { min_publish_rating: 4, hold_links: true, blocked_words: ['refund scam', 'crap'], hold_repeat_reviewers: true, verified_only: false, release_after_days: 14 });

  const submit = await storefront(testApp);
  const cases: [Record<string, unknown>, string][] = [
    [{ content: 'Great shirt, see https://spam.example for more', author_email: 'a@example.com' }, 'pending'],
    [{ content: 'Visit www.cheap-shirts.example today', author_email: 'b@example.com' }, 'pending'],
    [{ content: 'Write to me at sam.lee@mail.example', author_email: 'c@example.com' }, 'pending'],
    [{ content: 'Call +1 (555) 010-0199 for a deal', author_email: 'd@example.com' }, 'pending'],
    [{ content: 'This is a REFUND SCAM!', author_email: 'e@example.com' }, 'pending'],
    [{ content: 'Crappy? No, lovely. 2 shirts, size 42, bought 2026', author_email: 'f@example.com' }, 'published'],
    [{ content: 'Second review of the same shirt', author_email: 'f@example.com' }, 'pending'],
    [{ content: 'Too small', rating: 2, author_email: 'g@example.com' }, 'pending'],
  ];
  for (const [fields, expected] of cases) assert.equal(await submit(fields), expected, String(fields.content));
  const holds = await holdsOf(testApp);
  assert.deepEqual(
    holds.map((h) => [h.content.slice(0, 12), JSON.parse(h.reasons)]),
    [
      ['Great shirt,', ['link']],
      ['Visit www.ch', ['link']],
      ['Write to me ', ['link']],
      ['Call +1 (555', ['link']],
      ['This is a RE', ['blocked_word']],
      ['Second revie', ['repeat_reviewer']],
      ['Too small', ['rating']],
    ],
  );

  // A person rejects one held review (a reason is required) and publishes another.
  const reviews = (await shopA.client.getReviews({ is_published: 0 } as never)).data.list;
  const idOf = (start: string) => reviews.find((r) => r.content.startsWith(start))!.id;
  assertProblem(await owner.call('POST', `/shops/${shopA.shopId}/reviews/${idOf('Call')}/hide`, {}), 400, 'invalid-argument', 'reason');
  assert.equal((await owner.call('POST', `/shops/${shopA.shopId}/reviews/${idOf('Call')}/hide`, { reason: 'personal_information' })).statusCode, 200);
  assert.equal((await owner.call('POST', `/shops/${shopA.shopId}/reviews/${idOf('Visit')}/publish`)).statusCode, 200);
  const rating = async () => (await shopA.client.getRating({ product_id: '1001' })).data.review_count;
  assert.equal(await rating(), 2);

  clock.advance(14 * DAY - 1);
  assert.equal((await worker.runOnce())['held-review-release'], 0);
  events.emitted.length = 0;
  clock.advance(1);
  assert.equal((await worker.runOnce())['held-review-release'], 5);
  assert.equal((await worker.runOnce())['held-review-release'], 0, 'each once');
  const after = await holdsOf(testApp);
  assert.deepEqual(
    after.map((h) => [h.content.slice(0, 5), h.is_published, h.released_at === null ? null : 'released']),
    [
      ['Great', 1, 'released'],
      ['Visit', 1, null],
      ['Write', 1, 'released'],
      ['Call ', 0, null],
      ['This ', 1, 'released'],
      ['Secon', 1, 'released'],
      ['Too s', 1, 'released'],
    ],
  );
  assert.equal(await rating(), 7, 'released reviews count in the ratings');
  assert.deepEqual(
    events.emitted.map((e) => e.topic),
    ['review/updated', 'review/updated', 'review/updated', 'review/updated', 'review/updated'],
  );
  const hidden = await shopA.client.call<{ is_published: number }>('GET', 'get_review', { query: { id: idOf('Call') } });
  assert.equal(hidden.data.is_published, 0, 'the rejected review stays hidden');
  // The console's review detail says why a review was held and when the worker published it.
  const viewer = await memberOf(testApp, [{ shopId: shopA.shopId, role: 'viewer' }]);
  const detail = async (id: string) => {
    const res = await viewer.call('GET', `/shops/${shopA.shopId}/reviews/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().hold;
  };
  assert.deepEqual(await detail(idOf('Great')), { reasons: ['link'], held_at: '2026-06-01T12:00:00.000Z', released_at: '2026-06-15T12:00:00.000Z' });
  assert.deepEqual(await detail(idOf('Call')), { reasons: ['link'], held_at: '2026-06-01T12:00:00.000Z', released_at: null });
  const free = (await shopA.client.getReviews({ is_published: 1 } as never)).data.list.find((r) => r.content.startsWith('Crappy'))!;
  assert.equal(await detail(free.id), null);
});

test('verified buyers only: storefront reviews wait, email-request reviews are published unless a rule holds them; release 0 = never', async (t) => {
  const testApp = await emailTestApp(t);
  const { app, shopA, shopB, clock, worker, smtp } = testApp;
  const rules = (...args: string[]) => runCommand(testApp, moderationCommands, ['moderation', 'rules', '--domain', 'shop-a.myshopify.com', '--json', ...args]);
  assert.deepEqual(JSON.parse(await rules()), { domain: 'shop-a.myshopify.com', hold_links: 0, blocked_words: [], hold_repeat_reviewers: 0, verified_only: 0, release_after_days: 14 });
  assert.deepEqual(JSON.parse(await rules('--verified-only', '1', '--hold-links', '1', '--release-after-days', '0')), {
    domain: 'shop-a.myshopify.com',
    hold_links: 1,
    blocked_words: [],
    hold_repeat_reviewers: 0,
    verified_only: 1,
    release_after_days: 0,
  });
  const before = await testApp.snapshot();
  for (const bad of [
    ['--verified-only', 'yes'],
    ['--release-after-days', '400'],
    ['--release-after-days', '-1'],
    ['--blocked-words', 'x'.repeat(51)],
  ]) {
    await assert.rejects(rules(...bad), Error, bad.join(' '));
  }
  assert.deepEqual(await testApp.snapshot(), before, 'refused changes write nothing');

  const submit = await storefront(testApp);
  assert.equal(await submit({ content: 'Five stars but not a verified buyer' }), 'pending');
  const bShop = await app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: submission({ shop: 'shop-b.myshopify.com', content: 'Shop B has no rules' }), remoteAddress: '10.9.9.9' });
  assert.deepEqual(bShop.json().data, { status: 'published' }, "shop A's rules do not apply to shop B");

  await shopA.client.call('POST', 'push_orders', {
    body: {
      orders: [1, 2].map((id) => ({ order_id: id, customer: { id, email: `v${id}@example.com` }, line_items: [{ product_id: 1001, title: 'Red shirt' }], fulfilled_at: '2026-06-01 12:00:00' })),
    },
  });
  clock.advance(7 * DAY);
  await worker.runOnce();
  const get = await listen(app);
  const form = (mail: number, content: string) =>
    get(linksOf(smtp.messages[mail]!).review[0]!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rating: '2', author: 'Vi', content }).toString(),
    });
  assert.equal((await form(0, 'Verified and honest')).status, 200);
  assert.equal((await form(1, 'Text me on 0612345678')).status, 200);
  const emailReviews = (await shopA.client.getReviews({ sources: 'Email request' } as never)).data.list;
  assert.deepEqual(emailReviews.map((r) => [r.content, r.is_verified, r.is_published]).sort(), [
    ['Text me on 0612345678', 1, 0],
    ['Verified and honest', 1, 1],
  ]);

  clock.advance(365 * DAY);
  assert.equal((await worker.runOnce())['held-review-release'], 0, 'release_after_days 0: held until a person decides');
  await rules('--release-after-days', '30');
  assert.equal((await worker.runOnce())['held-review-release'], 2, 'a new delay applies to reviews held already');
  const holds = await holdsOf(testApp);
  assert.deepEqual(
    holds.map((h) => JSON.parse(h.reasons)),
    [['not_verified'], ['link']],
  );
  assert.ok((await shopB.client.getReviews()).data.list.every((r) => r.is_published === 1));
});

test("moderation settings (Admin API): bad input writes nothing, viewers cannot change them, another shop's member gets not found", async (t) => {
  const testApp = await emailTestApp(t);
  const { shopA, shopB } = testApp;
  const owner = await memberOf(testApp, [{ shopId: shopA.shopId, role: 'owner' }]);
  const viewer = await memberOf(testApp, [{ shopId: shopA.shopId, role: 'viewer' }]);
  const ownerB = await memberOf(testApp, [{ shopId: shopB.shopId, role: 'owner' }]);
  const base = `/shops/${shopA.shopId}/settings/moderation`;
  assert.deepEqual((await viewer.call('GET', base)).json(), {
    min_publish_rating: 4,
    hold_links: false,
    blocked_words: [],
    hold_repeat_reviewers: false,
    verified_only: false,
    release_after_days: 14,
  });
  const before = await testApp.snapshot();
  assertProblem(await owner.call('PUT', base, { min_publish_rating: 4, release_after_days: 366 }), 400, 'invalid-argument', 'release_after_days');
  assertProblem(await owner.call('PUT', base, { min_publish_rating: 4, blocked_words: ['x'.repeat(51)] }), 400, 'invalid-argument');
  assertProblem(await owner.call('PUT', base, { min_publish_rating: 4, blocked_words: Array.from({ length: 201 }, (_, i) => `w${i}`) }), 400, 'invalid-argument', 'blocked_words');
  assertProblem(await owner.call('PUT', base, { min_publish_rating: 4, hold_links: 'yes' }), 400, 'invalid-argument', 'hold_links');
  assertProblem(await owner.call('PUT', base, { min_publish_rating: 7, hold_links: true }), 400, 'invalid-argument', 'min_publish_rating');
  assert.equal((await viewer.call('PUT', base, { min_publish_rating: 4, hold_links: true })).statusCode, 403);
  assert.equal((await ownerB.call('PUT', base, { min_publish_rating: 4, hold_links: true })).statusCode, 404);
  assert.equal((await ownerB.call('GET', base)).statusCode, 404);
  assert.deepEqual(await testApp.snapshot(), before);

  // Fields left out keep their value; the change is in the ledger.
  await owner.call('PUT', base, { min_publish_rating: 3, blocked_words: ['spam'], verified_only: true });
  assert.deepEqual((await owner.call('PUT', base, { min_publish_rating: 5 })).json(), {
    min_publish_rating: 5,
    hold_links: false,
    blocked_words: ['spam'],
    hold_repeat_reviewers: false,
    verified_only: true,
    release_after_days: 14,
  });
  assert.deepEqual((await ownerB.call('GET', `/shops/${shopB.shopId}/settings/moderation`)).json().blocked_words, [], 'shop B keeps its own rules');
  const ledger = await testApp.database.db.selectFrom('moderation_ledger').select(['action', 'shop_id']).where('action', '=', 'settings.moderation').execute();
  assert.equal(ledger.length, 2);
});

test('blocked words match whole words in any case and script', () => {
  assert.equal(containsWord('Das ist MIST.', ['mist']), true);
  assert.equal(containsWord('Mistake', ['mist']), false);
  assert.equal(containsWord('très nul!', ['nul']), true);
  assert.equal(containsWord('annuler', ['nul']), false);
  assert.equal(containsWord('a (b) c', ['(b)']), true, 'special characters are literal');
  assert.equal(containsWord('anything', []), false);
});
