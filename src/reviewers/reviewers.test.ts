import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { ParsedMail } from 'mailparser';
import { upsertProduct } from '../products/products.service.ts';
import { DAY, emailTestApp, listen, postUploadForm, submitOnStorefront } from '../emails/emails.testkit.ts';
import { memberOf } from '../admin/admin.testkit.ts';

const to = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : '');
const linkOf = (mail: ParsedMail, path: string) => new RegExp(`https://reviews\\.example\\.com${path}\\?t=[A-Za-z0-9_.-]+`).exec(mail.text ?? '')![0];
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const redPng = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#c00' } })
    .png()
    .toBuffer();

test('the author keeps control: confirmation email → edit (rating history kept, moderation rule re-run, stars moved) → photo request → photo added → delete; links are signed and expire', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, shopB, smtp, worker, clock, services } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  const submitted = await app.inject({
    method: 'POST',
    url: '/api/v1/reviews/submit',
    payload: { shop: 'shop-a.myshopify.com', product_id: '111', rating: 5, title: 'Nice', content: 'Fits well', author: 'Ann', author_email: 'Ann@Example.com', consent: 1, website: '' },
  });
  assert.equal(submitted.json().code, 0, submitted.body);
  await shopA.client.createReview({ product_id: 111, rating: 5, author: 'Imported' });
  await worker.runOnce();
  assert.deepEqual(smtp.messages.map(to), ['ann@example.com'], 'one confirmation; partner API reviews get none');
  const confirmation = smtp.messages[0]!;
  assert.equal(confirmation.subject, 'Thanks for your review of Red shirt');
  assert.match(confirmation.text!, /We received your 5-star review of Red shirt\./);
  assert.match(confirmation.text!, /works until 2026-11-28/);
  const manageLink = linkOf(confirmation, '/r/my-review');
  const get = await listen(app);

  const page = await get(manageLink);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const pageHtml = await page.text();
  assert.match(pageHtml, /<h1>Your review of Red shirt<\/h1>/);
  assert.match(pageHtml, /Your review is published\./);
  assert.match(pageHtml, /value="5" checked/);
  assert.deepEqual(
    [...pageHtml.matchAll(/<script[^>]*>/gi)].map((m) => m[0]),
    ['<script src="/r/my-review.js" defer>'],
    'one same-origin script (video upload), no inline code',
  );
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  const [review] = (await shopA.client.getReviews({ sources: 'Store front' } as never)).data.list;
  const ratingOf = async () => {
    const r = (await shopA.client.getRating({ product_id: '111' } as never)).data as Record<string, number | string>;
    return { rating: r.rating_value, total_reviews: r.review_count, stars: [1, 2, 3, 4, 5].map((n) => r[`star${n}_count`]) };
  };
  assert.deepEqual(await ratingOf(), { rating: '5', total_reviews: 2, stars: [0, 0, 0, 0, 2] });

  clock.advance(60_000);
  const lowered = await get(manageLink, { method: 'POST', headers: FORM, body: new URLSearchParams({ rating: '2', title: 'Shrank', content: 'Shrank <b>after</b> one wash' }).toString() });
  assert.equal(lowered.status, 200);
  const loweredHtml = await lowered.text();
  assert.match(loweredHtml, /Your changes are saved\./);
  assert.match(loweredHtml, /Your review is waiting for moderation\./, 'the storefront rule (4+ stars) holds a 2-star review');
  assert.match(loweredHtml, /Shrank &lt;b&gt;after&lt;\/b&gt; one wash/);
  const edited = (await shopA.client.call<{ rating: number; is_published: number; title: string }>('GET', 'get_review', { query: { id: review!.id } })).data;
  assert.deepEqual([edited.rating, edited.is_published, edited.title], [2, 0, 'Shrank']);
  assert.deepEqual((await ratingOf()).total_reviews, 1, 'the held review left the published stars');
  const editedAt = clock.now();

  clock.advance(60_000);
  const raised = await get(manageLink, { method: 'POST', headers: FORM, body: 'rating=4&title=Shrank&content=Still+fine' });
  assert.match(await raised.text(), /Your review is published\./);
  const row = await services.db.selectFrom('reviews').select(['rating', 'rating_history', 'is_published']).where('id', '=', Number(review!.id)).executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.rating_history), [
    { rating: 5, until: editedAt },
    { rating: 2, until: clock.now() },
  ]);
  assert.deepEqual(await ratingOf(), { rating: '4.5', total_reviews: 2, stars: [0, 0, 0, 1, 1] });
  const topics = env.events.emitted.filter((e) => (e.data as { id?: string }).id === review!.id).map((e) => e.topic);
  assert.deepEqual(topics, ['review/created', 'review/deleted', 'review/updated'], 'held = deleted for subscribers, shown again = updated');

  const bad = await get(manageLink, { method: 'POST', headers: FORM, body: 'rating=9&content=x' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Choose a rating from 1 to 5 stars\./);
  assert.equal((await services.db.selectFrom('reviews').select('rating').where('id', '=', Number(review!.id)).executeTakeFirstOrThrow()).rating, 4, 'nothing written');

  clock.advance(2 * DAY);
  await worker.runOnce();
  const photoRequest = smtp.messages[1]!;
  assert.equal(photoRequest.subject, 'Add a photo to your review of Red shirt?');
  assert.match(photoRequest.text!, /Thank you for your 4-star review of Red shirt/);
  const photoPageRes = await get(linkOf(photoRequest, '/r/photo'));
  assert.equal(photoPageRes.status, 200);
  const photoHtml = await photoPageRes.text();
  const added = await postUploadForm(get, photoHtml, await redPng());
  const addedHtml = await added.text();
  assert.equal(added.status, 200, addedHtml);
  assert.match(addedHtml, /Thank you! Your photo was added to your review\./);
  const withPhoto = (await shopA.client.call<{ media: { url: string; type: number; is_published: number }[] }>('GET', 'get_review', { query: { id: review!.id } })).data;
  assert.equal(withPhoto.media.length, 1, 'the same review, no new one');
  assert.match(withPhoto.media[0]!.url, new RegExp(`^${services.config.media.publicUrl}/${shopA.shopId}/`));
  const file = await get(`https://x${new URL(withPhoto.media[0]!.url).pathname}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'image/png');
  const upload = await services.db.selectFrom('media_uploads').select(['referenced_at', 'status']).executeTakeFirstOrThrow();
  assert.deepEqual([upload.status, upload.referenced_at !== null], ['stored', true], 'kept by media cleanup');
  const notImage = await postUploadForm(get, photoHtml, Buffer.from('not an image at all'));
  assert.equal(notImage.status, 400);
  assert.match(await notImage.text(), /The file is not an image/);
  assert.equal((await shopA.client.getReviews()).data.list.length, 2, 'still two reviews');

  const tampered = manageLink.replace(/t=(.)/, (_m, c: string) => `t=${c === 'A' ? 'B' : 'A'}`);
  assert.equal((await get(tampered)).status, 404);
  assert.equal((await get(linkOf(photoRequest, '/r/photo').replace('/r/photo', '/r/my-review'))).status, 404, 'a photo link cannot edit or delete');
  assert.equal((await shopB.client.call('GET', 'get_review', { query: { id: review!.id } })).code, 5);

  const unconfirmed = await get(manageLink.replace('/r/my-review', '/r/my-review/delete'), { method: 'POST', headers: FORM, body: '' });
  assert.equal(unconfirmed.status, 400);
  const deleted = await get(manageLink.replace('/r/my-review', '/r/my-review/delete'), { method: 'POST', headers: FORM, body: 'confirm=yes' });
  assert.equal(deleted.status, 200);
  assert.match(await deleted.text(), /Your review was deleted\./);
  assert.equal((await shopA.client.call('GET', 'get_review', { query: { id: review!.id } })).code, 5);
  assert.equal((await ratingOf()).total_reviews, 1);
  assert.equal((await get(manageLink)).status, 404);
  assert.ok(env.events.emitted.some((e) => e.topic === 'review/deleted' && (e.data as { id: string }).id === review!.id && (e.data as { media: unknown[] }).media.length === 1));

  clock.advance(181 * DAY);
  assert.equal((await get(manageLink)).status, 410, 'the link expires');
});

test('no photo request for a review that has media or fewer than 4 stars, or for a shopper who unsubscribed; a reward that needs media is sent once a photo is added', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, smtp, worker, clock, services } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  const owner = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }]);
  const put = await owner.call('PUT', `/shops/${shopA.shopId}/settings/rewards`, {
    enabled: true,
    requires_media: true,
    code_source: 'static',
    static_code: 'PHOTO15',
    offer_text: '15% off',
    low_pool_threshold: 0,
  });
  assert.equal(put.statusCode, 200, put.body);
  await shopA.client.call('POST', 'push_orders', {
    body: {
      orders: [
        { order_id: 1, order_name: '#1', customer: { id: 1, email: 'ann@example.com', first_name: 'Ann' }, line_items: [{ product_id: 111, title: 'Red shirt' }], fulfilled_at: '2026-06-01 12:00:00' },
      ],
    },
  });
  clock.advance(7 * DAY);
  await worker.runOnce();
  const request = smtp.messages[0]!;
  assert.match(request.text!, /Thank you gift: 15% off for a review with a photo or video, whatever your rating\./);
  const get = await listen(app);
  const reviewLink = /https:\/\/reviews\.example\.com\/r\/review\?t=[^\s]+/.exec(request.text!)![0];
  assert.equal((await get(reviewLink, { method: 'POST', headers: FORM, body: 'rating=3&author=Ann&content=Okay' })).status, 200);
  const unsubscribed = await shopA.client.call('POST', 'email_unsubscribe', { body: { email: 'bob@example.com', email_type: 'review_request' } });
  assert.equal(unsubscribed.code, 0, unsubscribed.message);
  await submitOnStorefront(app, [
    ['bob@example.com', 5],
    ['cy@example.com', 4],
  ]);
  const sent = smtp.messages.length;
  await worker.runOnce();
  const confirmations = smtp.messages.slice(sent);
  assert.deepEqual(confirmations.map(to).sort(), ['ann@example.com', 'bob@example.com', 'cy@example.com']);
  assert.ok(
    confirmations.every((m) => m.subject!.startsWith('Thanks for your review')),
    'no reward yet: the review has no photo',
  );
  const [annReview] = (await shopA.client.getReviews({ sources: 'Email request' } as never)).data.list;
  assert.equal(annReview!.is_incentivized, 1);

  const cyReview = (await shopA.client.getReviews({ sources: 'Store front' } as never)).data.list.find((r) => r.author === 'cy@example.com')!;
  clock.advance(DAY);
  const cyManage = linkOf(
    confirmations.find((m) => to(m) === 'cy@example.com')!,
    '/r/my-review',
  );
  assert.equal((await postUploadForm(get, await (await get(cyManage)).text(), await redPng())).status, 200, 'cy adds a photo before the request goes out');
  clock.advance(DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, sent + 3, 'no photo request: Ann gave 3 stars, Bob unsubscribed, Cy already added one');
  const jobs = await services.db.selectFrom('reviewer_emails').select(['review_id', 'state']).where('kind', '=', 'photo_request').orderBy('review_id').execute();
  assert.deepEqual(
    jobs.map((j) => j.state),
    ['cancelled', 'cancelled'],
  );
  assert.ok(jobs.some((j) => String(j.review_id) === cyReview.id));

  const annManage = linkOf(
    confirmations.find((m) => to(m) === 'ann@example.com')!,
    '/r/my-review',
  );
  const annPage = await (await get(annManage)).text();
  assert.match(annPage, /Rewarded review: you were offered a reward for this review\./);
  assert.equal((await postUploadForm(get, annPage, await redPng())).status, 200);
  await worker.runOnce();
  const reward = smtp.messages[sent + 3]!;
  assert.equal(to(reward), 'ann@example.com');
  assert.match(reward.text!, /Your code: PHOTO15/);
});
