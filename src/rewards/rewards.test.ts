import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { runCommand } from '../cli/testkit.ts';
import { DAY, emailTestApp, linksOf, listen } from '../emails/emails.testkit.ts';
import { assertProblem, memberOf, signInBrowser } from '../admin/admin.testkit.ts';
import { upsertProduct } from '../products/products.service.ts';
import { rewardCommands } from './rewards.cli.ts';
import { forgetCustomer } from '../privacy/privacy.service.ts';

const order = (id: number) => ({
  order_id: id,
  order_name: `#${id}`,
  customer: { id: 7000 + id, email: `shopper${id}@example.com`, first_name: 'Ann', last_name: 'Lee' },
  line_items: [{ product_id: 111, title: 'Red shirt' }],
  created_at: '2026-05-30 10:00:00',
  fulfilled_at: '2026-06-01 12:00:00',
});

const REWARD = { enabled: true, requires_media: false, code_source: 'pool', static_code: '', offer_text: '10% off your next order', low_pool_threshold: 1 };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** The author's confirmation (src/reviewers) is not what these tests are about. */
const withoutConfirmations = (mails: ParsedMail[]) => mails.filter((m) => !m.subject?.startsWith('Thanks for your review'));
const to = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : '');

function codeFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'plaudit-codes-')), 'codes.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** Pushes the orders, moves past the request delay and sends the requests; returns each order's request email. */
async function requestsFor(env: Awaited<ReturnType<typeof emailTestApp>>, ids: number[]) {
  const before = env.smtp.messages.length;
  const pushed = await env.shopA.client.call('POST', 'push_orders', { body: { orders: ids.map(order) } });
  assert.equal(pushed.code, 0, pushed.message);
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  const sent = env.smtp.messages.slice(before);
  return ids.map((id) => sent.find((m) => to(m) === `shopper${id}@example.com`)!);
}

async function submit(get: Awaited<ReturnType<typeof listen>>, mail: ParsedMail, rating: number) {
  const res = await get(linksOf(mail).review[0]!, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ rating: String(rating), author: 'Ann', content: `A ${rating}-star review` }).toString(),
  });
  assert.equal(res.status, 200, await res.text());
}

test('a pool reward: promised in the request, given for a 1-star review as for a 5-star one, one code each, the owner warned once when the pool runs low, no promise from an empty pool', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, smtp, worker, services } = env;
  const mails = () => withoutConfirmations(smtp.messages);
  await upsertProduct({ db: services.db, clock: env.clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  const owner = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }], 'owner@shop-a.example');
  const put = await owner.call('PUT', `/shops/${shopA.shopId}/settings/rewards`, REWARD);
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json(), { ...REWARD, unused_codes: 0, offering: false });

  const file = codeFile(['code', 'CODE-A', 'CODE-B', '', 'CODE-A', '# comment']);
  const added = await runCommand(env, rewardCommands, ['rewards', 'codes', 'add', '--domain', 'shop-a.myshopify.com', file, '--json']);
  assert.deepEqual(JSON.parse(added), { added: 2, skipped: 0, available: 2 });
  assert.deepEqual(JSON.parse(await runCommand(env, rewardCommands, ['rewards', 'codes', 'add', '--domain', 'shop-a.myshopify.com', file, '--json'])), { added: 0, skipped: 2, available: 2 });
  assert.equal((await owner.call('GET', `/shops/${shopA.shopId}/settings/rewards`)).json().offering, true);

  const [first, second] = await requestsFor(env, [1, 2]);
  const promise = 'Thank you gift: 10% off your next order for your review, whatever your rating.';
  assert.ok(first!.text!.includes(promise), first!.text);
  assert.ok(String(first!.html).includes(promise));
  const get = await listen(app);
  const form = await (await get(linksOf(first!).review[0]!)).text();
  assert.ok(form.includes(promise), 'the form repeats the promise');

  await submit(get, first!, 1);
  const [review] = (await shopA.client.getReviews()).data.list;
  assert.equal(review!.rating, 1);
  assert.equal(review!.is_incentivized, 1, 'a review written under the offer is disclosed as incentivized');

  const mailed = mails().length;
  await worker.runOnce();
  const newMail = mails().slice(mailed);
  const reward = newMail.find((m) => to(m) === 'shopper1@example.com')!;
  assert.equal(reward.subject, 'Your reward from shop-a.myshopify.com');
  assert.match(reward.text!, /Your code: CODE-A/);
  assert.match(reward.text!, /reviewing Red shirt\. As promised, here is your reward: 10% off your next order\./);
  const warning = newMail.find((m) => to(m) === 'owner@shop-a.example')!;
  assert.equal(warning.subject, 'Reward codes for shop-a.myshopify.com are running low');
  assert.match(warning.text!, /has 1 unused reward codes left/);
  assert.match(warning.text!, /npx plaudit rewards codes add --domain shop-a\.myshopify\.com FILE/);
  assert.equal(newMail.length, 2);

  await submit(get, second!, 5);
  await worker.runOnce();
  const last = mails().slice(mailed + 2);
  assert.deepEqual(last.map(to), ['shopper2@example.com'], 'the second reward, and no second warning');
  assert.match(last[0]!.text!, /Your code: CODE-B/);
  await worker.runOnce();
  assert.equal(mails().length, mailed + 3, 'each reward is mailed once');

  const [third] = await requestsFor(env, [3]);
  assert.ok(!third!.text!.includes('Thank you gift'), 'an empty pool promises nothing');
  await submit(get, third!, 4);
  const reviews = (await shopA.client.getReviews()).data.list;
  assert.deepEqual(reviews.map((r) => [r.rating, r.is_incentivized]).sort(), [
    [1, 1],
    [4, 0],
    [5, 1],
  ]);
  const grants = await services.db.selectFrom('reward_grants').select(['email', 'state', 'code']).orderBy('id').execute();
  assert.deepEqual(grants, [
    { email: 'shopper1@example.com', state: 'sent', code: 'CODE-A' },
    { email: 'shopper2@example.com', state: 'sent', code: 'CODE-B' },
  ]);
});

test('a reward promised before the pool ran dry waits for new codes, then is mailed; adding codes re-arms the warning', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, smtp, worker, services } = env;
  const mails = () => withoutConfirmations(smtp.messages);
  const owner = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }], 'owner@shop-a.example');
  await owner.call('PUT', `/shops/${shopA.shopId}/settings/rewards`, { ...REWARD, low_pool_threshold: 0 });
  const upload = await owner.call('POST', `/shops/${shopA.shopId}/rewards/codes`, { codes: 'ONLY-ONE\n' });
  assert.deepEqual(upload.json(), { added: 1, skipped: 0, available: 1 });

  const [first, second] = await requestsFor(env, [1, 2]);
  assert.ok(first!.text!.includes('Thank you gift') && second!.text!.includes('Thank you gift'));
  const get = await listen(app);
  await submit(get, first!, 3);
  await submit(get, second!, 2);
  const mailed = mails().length;
  await worker.runOnce();
  const round = mails().slice(mailed);
  assert.deepEqual(round.map(to).sort(), ['owner@shop-a.example', 'shopper1@example.com']);
  assert.match(round.find((m) => to(m) === 'owner@shop-a.example')!.text!, /no unused reward codes left/);
  env.clock.advance(DAY);
  await worker.runOnce();
  assert.equal(mails().length, mailed + 2, 'the second reward waits; the owner is not warned again');

  // A week passed: the console session has expired, the owner signs in again.
  const more = await (await signInBrowser(env, 'owner@shop-a.example')).call('POST', `/shops/${shopA.shopId}/rewards/codes`, { codes: 'NEXT-1\nNEXT-2\n' });
  assert.equal(more.statusCode, 200, more.body);
  await worker.runOnce();
  const later = mails().slice(mailed + 2);
  assert.deepEqual(later.map(to), ['shopper2@example.com']);
  assert.match(later[0]!.text!, /Your code: NEXT-1/);
  const settings = await services.db.selectFrom('reward_settings').select('low_pool_warned').executeTakeFirstOrThrow();
  assert.equal(settings.low_pool_warned, 0, 'the warning is re-armed: NEXT-2 is left, above the threshold 0');
  const codes = await services.db.selectFrom('reward_codes').select(['code', 'grant_id']).orderBy('id').execute();
  assert.deepEqual(
    codes.map((c) => [c.code, c.grant_id === null ? null : 'given']),
    [
      ['ONLY-ONE', 'given'],
      ['NEXT-1', 'given'],
      ['NEXT-2', null],
    ],
  );
});

test('a static code is sent to every rewarded reviewer; an SMTP outage retries the reward email later', async (t) => {
  let refuse = true;
  const env = await emailTestApp(t, {}, { reject: () => refuse });
  const { app, shopA, smtp, worker, services } = env;
  const mails = () => withoutConfirmations(smtp.messages);
  const owner = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }]);
  await owner.call('PUT', `/shops/${shopA.shopId}/settings/rewards`, { ...REWARD, code_source: 'static', static_code: 'THANKS10' });
  refuse = false;
  const [first] = await requestsFor(env, [1]);
  const get = await listen(app);
  await submit(get, first!, 2);
  refuse = true;
  await worker.runOnce();
  const grant = await services.db.selectFrom('reward_grants').select(['state', 'attempts', 'code']).executeTakeFirstOrThrow();
  assert.deepEqual(grant, { state: 'pending', attempts: 1, code: 'THANKS10' });
  refuse = false;
  const count = mails().length;
  env.clock.advance(60_000);
  await worker.runOnce();
  assert.match(mails()[count]!.text!, /Your code: THANKS10/);
  assert.equal((await services.db.selectFrom('reward_grants').select('state').executeTakeFirstOrThrow()).state, 'sent');

  const [second] = await requestsFor(env, [2]);
  await submit(get, second!, 5);
  await forgetCustomer(services, shopA.shopId, 'shopper2@example.com');
  const before = mails().length;
  await worker.runOnce();
  assert.equal(mails().length, before, 'a forgotten shopper is not mailed their reward');
  const grants = await services.db.selectFrom('reward_grants').select(['email', 'state']).orderBy('id').execute();
  assert.deepEqual(grants, [
    { email: 'shopper1@example.com', state: 'sent' },
    { email: '', state: 'failed' },
  ]);
});

test("reward settings: bad input names the field and changes nothing; shop B cannot read or change shop A's reward; viewers cannot change it", async (t) => {
  const env = await emailTestApp(t);
  const { shopA, shopB, services } = env;
  const owner = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }]);
  const path = `/shops/${shopA.shopId}/settings/rewards`;
  assert.equal((await owner.call('PUT', path, REWARD)).statusCode, 200);
  const before = await owner.call('GET', path);
  assertProblem(await owner.call('PUT', path, { ...REWARD, code_source: 'static', static_code: '' }), 400, 'invalid-argument', 'static_code');
  assertProblem(await owner.call('PUT', path, { ...REWARD, static_code: 'has space' }), 400, 'invalid-argument', 'static_code');
  assertProblem(await owner.call('PUT', path, { ...REWARD, offer_text: '  ' }), 400, 'invalid-argument', 'offer_text');
  assertProblem(await owner.call('PUT', path, { ...REWARD, low_pool_threshold: -1 }), 400, 'invalid-argument');
  assertProblem(await owner.call('PUT', path, { ...REWARD, surprise: 1 }), 400, 'invalid-argument');
  assertProblem(await owner.call('PUT', path, { ...REWARD, code_source: 'lottery' }), 400, 'invalid-argument');
  assertProblem(await owner.call('POST', `/shops/${shopA.shopId}/rewards/codes`, { codes: 'GOOD\nNOT GOOD\n' }), 400, 'invalid-argument', 'line');
  assert.deepEqual((await owner.call('GET', path)).json(), before.json());
  assert.equal((await services.db.selectFrom('reward_codes').selectAll().execute()).length, 0, 'a file with one bad line adds nothing');

  const ownerB = await memberOf(env, [{ shopId: shopB.shopId, role: 'owner' }]);
  assertProblem(await ownerB.call('GET', path), 404, 'not-found');
  assertProblem(await ownerB.call('PUT', path, { ...REWARD, enabled: false }), 404, 'not-found');
  assertProblem(await ownerB.call('POST', `/shops/${shopA.shopId}/rewards/codes`, { codes: 'B-CODE' }), 404, 'not-found');
  assert.equal((await owner.call('GET', path)).json().enabled, true);
  const viewer = await memberOf(env, [{ shopId: shopA.shopId, role: 'viewer' }]);
  assert.equal((await viewer.call('GET', path)).statusCode, 200);
  assertProblem(await viewer.call('PUT', path, { ...REWARD, enabled: false }), 403, 'forbidden');
  await assert.rejects(runCommand(env, rewardCommands, ['rewards', 'codes', 'add', '--domain', 'shop-a.myshopify.com', codeFile(['OK', 'bad code'])]), /line 2/);
  await assert.rejects(runCommand(env, rewardCommands, ['rewards', 'codes', 'remove', '--domain', 'shop-a.myshopify.com', 'x']), /usage/);
});
