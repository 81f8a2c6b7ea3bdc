import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { upsertProduct } from '../products/products.service.ts';
import { DAY, emailTestApp, listen } from '../emails/emails.testkit.ts';
import { memberOf } from '../admin/admin.testkit.ts';
import { verifyLedger } from '../admin/ledger.service.ts';

const to = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : '');
const manageLinkOf = (mail: ParsedMail) => /https:\/\/reviews\.example\.com\/r\/my-review\?t=[A-Za-z0-9_.-]+/.exec(mail.text ?? '')![0];
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface HistoryEntry {
  action: string;
  actor: { account_id: string | null; email: string };
  before: unknown;
  after: unknown;
}

test("an author's edit re-runs every moderation rule: a link or a blocked word holds a published review again (ratings and webhooks exact, hold and ledger recorded), the release delay counts from the edit, a clean edit publishes; a hidden review stays hidden", async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, smtp, worker, clock, services, events } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  const owner = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }]);
  const rules = await owner.call('PUT', `/shops/${shopA.shopId}/settings/moderation`, {
    min_publish_rating: 4,
    hold_links: true,
    blocked_words: ['refund'],
    hold_repeat_reviewers: true,
    release_after_days: 3,
  });
  assert.equal(rules.statusCode, 200, rules.body);
  const submit = async (email: string, content: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reviews/submit',
      payload: { shop: 'shop-a.myshopify.com', product_id: '111', rating: 5, title: 'Nice', content, author: 'Ann', author_email: email, consent: 1, website: '' },
    });
    assert.equal(res.json().code, 0, res.body);
    return res.json().data.status as string;
  };
  assert.equal(await submit('ann@example.com', 'Fits well'), 'published');
  assert.equal(await submit('bob@example.com', 'Lovely'), 'published');
  await worker.runOnce();
  const linkTo = (email: string) => manageLinkOf(smtp.messages.find((m) => to(m) === email && m.subject!.startsWith('Thanks for your review'))!);
  const annLink = linkTo('ann@example.com');
  const get = await listen(app);
  const reviewId = Number((await services.db.selectFrom('reviews').select('id').where('author_email', '=', 'ann@example.com').executeTakeFirstOrThrow()).id);
  const stars = async () => {
    const r = (await shopA.client.getRating({ product_id: '111' } as never)).data as Record<string, number | string>;
    return [r.review_count, r.rating_value];
  };
  const state = async () => {
    const row = await services.db.selectFrom('reviews').select(['is_published', 'hide_reason', 'content']).where('id', '=', reviewId).executeTakeFirstOrThrow();
    const hold = await services.db.selectFrom('review_holds').select(['reasons', 'held_at', 'released_at']).where('review_id', '=', reviewId).executeTakeFirst();
    return { published: row.is_published, hold: hold ? { reasons: JSON.parse(hold.reasons) as string[], held_at: Number(hold.held_at), released: hold.released_at !== null } : null };
  };
  const topics = () => events.emitted.filter((e) => (e.data as { id?: string }).id === String(reviewId)).map((e) => e.topic);
  const edit = (content: string, link = annLink) => get(link, { method: 'POST', headers: FORM, body: new URLSearchParams({ rating: '5', title: 'Nice', content }).toString() });
  assert.deepEqual(await stars(), [2, '5']);

  clock.advance(60_000);
  const linked = await edit('Fits well, more at www.cheap-shirts.example');
  assert.equal(linked.status, 200);
  assert.match(await linked.text(), /Your review is waiting for moderation\./);
  const heldAt = clock.now();
  assert.deepEqual(await state(), { published: 0, hold: { reasons: ['link'], held_at: heldAt, released: false } });
  assert.deepEqual(await stars(), [1, '5'], 'the held review left the published stars');
  assert.deepEqual(topics(), ['review/created', 'review/deleted'], 'held = deleted for subscribers, sent once');

  clock.advance(DAY);
  const worded = await edit('I want a REFUND');
  assert.match(await worded.text(), /Your review is waiting for moderation\./);
  assert.deepEqual(await state(), { published: 0, hold: { reasons: ['blocked_word'], held_at: clock.now(), released: false } }, 'the hold starts again from the edit, with its new reason');
  assert.deepEqual(topics(), ['review/created', 'review/deleted'], 'nothing for subscribers while it stays held');

  clock.advance(3 * DAY - 60_000);
  await worker.runOnce();
  assert.equal((await state()).published, 0, 'the release delay counts from the last edit');
  clock.advance(60_000);
  await worker.runOnce();
  assert.deepEqual(await state(), { published: 1, hold: { reasons: ['blocked_word'], held_at: clock.now() - 3 * DAY, released: true } }, 'released by the worker, as any held review');
  assert.deepEqual(await stars(), [2, '5']);
  assert.deepEqual(topics(), ['review/created', 'review/deleted', 'review/updated']);

  clock.advance(60_000);
  const clean = await edit('Fits well after all');
  assert.match(await clean.text(), /Your review is published\./);
  assert.deepEqual(await state(), { published: 1, hold: null }, 'an edit no rule holds ends the hold');
  assert.deepEqual(topics(), ['review/created', 'review/deleted', 'review/updated', 'review/updated']);

  const bobLink = linkTo('bob@example.com');
  clock.advance(60_000);
  const bobEdit = await edit('Still lovely', bobLink);
  assert.match(await bobEdit.text(), /Your review is published\./, "Bob's own review is not a previous review of the product");

  const moderator = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }]);
  const detail = async () => (await moderator.call('GET', `/shops/${shopA.shopId}/reviews/${reviewId}`)).json() as { history: HistoryEntry[]; hold: unknown };
  const authorEdits = (await detail()).history.filter((h) => h.action === 'review.author_edit');
  assert.deepEqual(
    authorEdits.map((h) => [h.actor, h.before, h.after]),
    [
      [
        { account_id: null, email: 'review author (signed link)' },
        { status: 'published', rating: 5 },
        { status: 'pending', rating: 5, changed: ['content'], rules: { decision: 'held', reasons: ['link'] } },
      ],
      [
        { account_id: null, email: 'review author (signed link)' },
        { status: 'pending', rating: 5 },
        { status: 'pending', rating: 5, changed: ['content'], rules: { decision: 'held', reasons: ['blocked_word'] } },
      ],
      [
        { account_id: null, email: 'review author (signed link)' },
        { status: 'published', rating: 5 },
        { status: 'published', rating: 5, changed: ['content'], rules: { decision: 'published', reasons: [] } },
      ],
    ],
  );
  assert.equal((await detail()).hold, null);

  const hidden = await moderator.call('POST', `/shops/${shopA.shopId}/reviews/${reviewId}/hide`, { reason: 'off_topic' });
  assert.equal(hidden.statusCode, 200, hidden.body);
  clock.advance(60_000);
  const afterHide = await edit('Fits well after all, really');
  assert.match(await afterHide.text(), /Your review is not shown by the shop\./, 'a person hid it: an edit does not bring it back');
  const last = (await detail()).history.at(-1)!;
  assert.deepEqual([last.action, last.after], ['review.author_edit', { status: 'hidden', rating: 5, changed: ['content'], rules: { decision: 'kept_hidden', reasons: [] } }]);
  assert.equal((await verifyLedger(services.db, shopA.shopId)).ok, true, "the author's entries keep the chain intact");
});

test("verified-only rule: a storefront author's edit is held again; the delete through the link is in the ledger", async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, smtp, worker, clock, services } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  const submitted = await app.inject({
    method: 'POST',
    url: '/api/v1/reviews/submit',
    payload: { shop: 'shop-a.myshopify.com', product_id: '111', rating: 4, content: 'Good', author: 'Cy', author_email: 'cy@example.com', consent: 1, website: '' },
  });
  assert.equal(submitted.json().data.status, 'published');
  await worker.runOnce();
  const link = manageLinkOf(smtp.messages[0]!);
  const owner = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }]);
  assert.equal((await owner.call('PUT', `/shops/${shopA.shopId}/settings/moderation`, { min_publish_rating: 4, verified_only: true })).statusCode, 200);
  const get = await listen(app);
  const edited = await get(link, { method: 'POST', headers: FORM, body: 'rating=4&title=&content=Good+still' });
  assert.match(await edited.text(), /Your review is waiting for moderation\./);
  const hold = await services.db.selectFrom('review_holds').select('reasons').executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(hold.reasons), ['not_verified']);
  const deleted = await get(link.replace('/r/my-review', '/r/my-review/delete'), { method: 'POST', headers: FORM, body: 'confirm=yes' });
  assert.equal(deleted.status, 200);
  const ledger = await services.db.selectFrom('moderation_ledger').select(['action', 'actor_email']).where('shop_id', '=', shopA.shopId).orderBy('seq').execute();
  assert.deepEqual(
    ledger.map((l) => l.action),
    ['settings.moderation', 'review.author_edit', 'review.author_delete'],
  );
  assert.equal(ledger[2]!.actor_email, 'review author (signed link)');
});
