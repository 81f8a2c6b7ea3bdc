import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { emailTestApp } from '../emails/emails.testkit.ts';
import { assertProblem, memberOf } from './admin.testkit.ts';
import { addReview } from './inbox.testkit.ts';

test('dashboard numbers and products with rating and count', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const viewer = await memberOf(testApp, [{ shopId: a, role: 'viewer' }]);
  const now = testApp.clock.now();
  const day = 24 * 3600 * 1000;
  const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  await addReview(testApp, a, { rating: 5, product_id: 1, commented_at: at(now - 30 * day), media: [{ url: 'https://cdn.example.com/1.jpg', type: 1 }] });
  await addReview(testApp, a, { rating: 4, product_id: 1, commented_at: at(now - 2 * day) });
  const low = await addReview(testApp, a, { rating: 1, product_id: 2, commented_at: at(now - day) });
  await addReview(testApp, a, { rating: 2, is_published: 0, commented_at: at(now - day / 2) });
  await addReview(testApp, testApp.shopB.shopId, { rating: 1 });
  await testApp.database.db
    .insertInto('products')
    .values([
      { shop_id: a, product_id: '1', handle: 'shirt', title: 'Shirt', url: '', image_url: '', created_at: now, updated_at: now },
      { shop_id: a, product_id: '2', handle: 'hat', title: 'Hat', url: '', image_url: '', created_at: now, updated_at: now },
      { shop_id: a, product_id: '3', handle: 'sock', title: 'Sock', url: '', image_url: '', created_at: now, updated_at: now },
    ])
    .execute();

  const dash = (await viewer.call('GET', `/shops/${a}/dashboard`)).json();
  assert.deepEqual(dash.rating, { average: 3.33, count: 3 });
  assert.equal(dash.pending_count, 1);
  assert.equal(dash.new_this_week, 4);
  assert.equal(dash.photo_share, 0.333);
  assert.equal(dash.trend.length, 52);
  assert.equal(
    dash.trend.reduce((sum: number, w: { count: number }) => sum + w.count, 0),
    3,
  );
  assert.deepEqual(dash.funnel, { sent: 0, opened: 0, clicked: 0, reviewed: 0 });
  assert.equal(dash.latest_low_ratings[0].id.length > 0, true);
  assert.ok(dash.latest_low_ratings.some((r: { id: string }) => r.id === low));
  assert.equal(dash.latest_low_ratings.length, 2);

  const first = (await viewer.call('GET', `/shops/${a}/products?limit=2`)).json();
  assert.deepEqual(first.items, [
    { product_id: '1', title: 'Shirt', handle: 'shirt', rating: 4.5, count: 2 },
    { product_id: '2', title: 'Hat', handle: 'hat', rating: 1, count: 1 },
  ]);
  const second = (await viewer.call('GET', `/shops/${a}/products?limit=2&cursor=${first.next_cursor}`)).json();
  assert.deepEqual(second, { items: [{ product_id: '3', title: 'Sock', handle: 'sock', rating: 0, count: 0 }], next_cursor: null });
  assert.deepEqual(
    (await viewer.call('GET', `/shops/${a}/products?q=HA`)).json().items.map((p: { title: string }) => p.title),
    ['Hat'],
  );
  assertProblem(await viewer.call('GET', `/shops/${a}/products?cursor=zzz`), 400, 'invalid-argument', 'cursor');
});

test('settings: review requests, moderation rule, Shopify secret, credentials, webhooks — each change in the ledger; bad input writes nothing', async (t) => {
  const testApp = await buildTestApp(t, { env: { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1' } });
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'owner' }]);
  const base = `/shops/${a}`;
  const before = await testApp.snapshot();
  assertProblem(
    await owner.call('PUT', `${base}/settings/review-requests`, { enabled: true, delay_days: 400, reminder_days: null, sender_name: '', product_ids: [] }),
    400,
    'invalid-argument',
    'delay_days',
  );
  assertProblem(
    await owner.call('PUT', `${base}/settings/review-requests`, { enabled: true, delay_days: 3, reminder_days: null, sender_name: 'A <b>', product_ids: [] }),
    400,
    'invalid-argument',
    'sender_name',
  );
  assertProblem(await owner.call('PUT', `${base}/settings/moderation`, { min_publish_rating: 7 }), 400, 'invalid-argument', 'min_publish_rating');
  assertProblem(await owner.call('PUT', `${base}/settings/shopify`, { app_secret: 'x' }), 400, 'invalid-argument', 'app_secret');
  assertProblem(await owner.call('POST', `${base}/webhooks`, { topic: 'review/created', url: 'ftp://example.com' }), 400, 'invalid-argument', 'url');
  assertProblem(await owner.call('POST', `${base}/webhooks`, { topic: 'order/created', url: 'https://example.com' }), 400, 'invalid-argument', 'topic');
  assert.deepEqual(await testApp.snapshot(), before, 'nothing written');

  const settings = { enabled: false, delay_days: 3, reminder_days: 5, sender_name: 'Ann', product_ids: ['12'] };
  const sequence = { reminder2_days: null, reminder3_days: null, remind_only_engaged: false, postpone_days: 7, daily_cap: null, language: 'en' };
  assert.deepEqual((await owner.call('PUT', `${base}/settings/review-requests`, settings)).json(), { ...settings, ...sequence }, 'sequence fields and language left out keep their defaults');
  assert.deepEqual((await owner.call('GET', `${base}/settings/review-requests`)).json(), { ...settings, ...sequence });
  const unchanged = await testApp.snapshot();
  assertProblem(await owner.call('PUT', `${base}/settings/review-requests`, { ...settings, reminder_days: null, reminder2_days: 4 }), 400, 'invalid-argument', 'reminder2_days');
  assertProblem(await owner.call('PUT', `${base}/settings/review-requests`, { ...settings, reminder3_days: 4 }), 400, 'invalid-argument', 'reminder3_days');
  assertProblem(await owner.call('PUT', `${base}/settings/review-requests`, { ...settings, daily_cap: 0 }), 400, 'invalid-argument', 'daily_cap');
  assertProblem(await owner.call('PUT', `${base}/settings/review-requests`, { ...settings, postpone_days: 61 }), 400, 'invalid-argument', 'postpone_days');
  assertProblem(await owner.call('PUT', `${base}/settings/review-requests`, { ...settings, language: 'xx' }), 400, 'invalid-argument', 'language');
  assert.deepEqual(await testApp.snapshot(), unchanged, 'refused sequence settings write nothing');
  const full = { ...settings, reminder2_days: 4, reminder3_days: 6, remind_only_engaged: true, postpone_days: 10, daily_cap: 500 };
  assert.deepEqual((await owner.call('PUT', `${base}/settings/review-requests`, full)).json(), { ...full, language: 'en' });
  assert.deepEqual((await owner.call('PUT', `${base}/settings/review-requests`, settings)).json(), { ...full, language: 'en' }, 'an older client keeps the sequence');
  assert.deepEqual((await owner.call('PUT', `${base}/settings/review-requests`, { ...settings, language: 'ja' })).json(), { ...full, language: 'ja' });
  assert.deepEqual((await owner.call('GET', `${base}/settings/review-requests`)).json(), { ...full, language: 'ja' });
  const moderation = { hold_links: false, blocked_words: [], hold_repeat_reviewers: false, verified_only: false, release_after_days: 14 };
  assert.deepEqual((await owner.call('PUT', `${base}/settings/moderation`, { min_publish_rating: 6 })).json(), { min_publish_rating: 6, ...moderation });
  assert.deepEqual((await owner.call('GET', `${base}/settings/moderation`)).json(), { min_publish_rating: 6, ...moderation });

  const shopify = await owner.call('PUT', `${base}/settings/shopify`, { app_secret: 'shpss_secret_value' });
  assert.equal(shopify.json().connected, true);
  assert.doesNotMatch(shopify.body, /shpss_secret_value/);

  assert.equal((await owner.call('GET', `${base}/credentials`)).json().public_token, testApp.shopA.credentials.public_token);
  const rotated = (await owner.call('POST', `${base}/credentials/rotate`)).json().private_token as string;
  assert.notEqual(rotated, testApp.shopA.credentials.private_token);
  assert.notEqual((await testApp.shopA.client.call('GET', 'get_reviews')).code, 0, 'the old private token stopped working');
  assert.equal((await testApp.clientFor({ public_token: testApp.shopA.credentials.public_token, private_token: rotated }).call('GET', 'get_reviews')).code, 0);

  const created = await owner.call('POST', `${base}/webhooks`, { topic: 'review/created', url: 'http://127.0.0.1:9/hook' });
  assert.equal(created.statusCode, 201, created.body);
  const webhookId = created.json().id as string;
  assert.deepEqual(
    (await owner.call('GET', `${base}/webhooks`)).json().items.map((w: { id: string }) => w.id),
    [webhookId],
  );
  await addReview(testApp, a);
  const deliveries = (await owner.call('GET', `${base}/webhooks/${webhookId}/deliveries`)).json().items as { id: string; topic: string }[];
  assert.deepEqual(
    deliveries.map((d) => d.topic),
    ['review/created'],
  );
  const again = await owner.call('POST', `${base}/webhooks/${webhookId}/deliveries/${deliveries[0]!.id}/redeliver`);
  assert.equal(again.statusCode, 202, again.body);
  assert.equal((await owner.call('DELETE', `${base}/webhooks/${webhookId}`)).statusCode, 204);
  assertProblem(await owner.call('DELETE', `${base}/webhooks/${webhookId}`), 404, 'not-found');
  assert.deepEqual((await owner.call('GET', `${base}/platforms`)).json(), { items: [] });
  assertProblem(await owner.call('DELETE', `${base}/platforms/1`), 404, 'not-found');

  const actions = (await owner.call('GET', `${base}/ledger?limit=100`))
    .json()
    .items.map((e: { action: string }) => e.action)
    .reverse();
  assert.deepEqual(actions, [
    'settings.review_requests',
    'settings.review_requests',
    'settings.review_requests',
    'settings.review_requests',
    'settings.moderation',
    'settings.shopify',
    'credentials.rotate',
    'webhook.create',
    'webhook.redeliver',
    'webhook.delete',
  ]);
});

test('low-rating alerts: owners get a plain-text email for each new review at or below the threshold', async (t) => {
  const testApp = await emailTestApp(t);
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'owner' }], 'alerts@example.com');
  await memberOf(testApp, [{ shopId: a, role: 'moderator' }], 'mod@example.com');
  await addReview(testApp, a, { rating: 1, author: 'Before' });
  assert.deepEqual((await owner.call('GET', `/shops/${a}/settings/alerts`)).json(), { enabled: false, max_rating: 2 });
  assertProblem(await owner.call('PUT', `/shops/${a}/settings/alerts`, { enabled: true, max_rating: 0 }), 400, 'invalid-argument', 'max_rating');
  assert.deepEqual((await owner.call('PUT', `/shops/${a}/settings/alerts`, { enabled: true, max_rating: 2 })).json(), { enabled: true, max_rating: 2 });
  await addReview(testApp, a, { rating: 2, author: 'Low <b>', content: 'Bad <script>x</script>' });
  await addReview(testApp, a, { rating: 5, author: 'Happy' });
  await addReview(testApp, testApp.shopB.shopId, { rating: 1, author: 'Other shop' });
  await testApp.worker.runOnce();
  assert.deepEqual(
    testApp.smtp.messages.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.subject]),
    [['alerts@example.com', 'New 2-star review for shop-a.myshopify.com']],
  );
  assert.match(testApp.smtp.messages[0]!.text ?? '', /Low <b> left 2 stars\./);
  assert.equal(testApp.smtp.messages[0]!.html, false);
  await testApp.worker.runOnce();
  assert.equal(testApp.smtp.messages.length, 1, 'each review alerts once');
});
