import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { mp4Bytes } from '../../test/media-fixtures.ts';
import { axeViolations, launchChromium, SCREENSHOT_DIR, startDemoServer } from '../../test/browser.ts';
import { startSmtpServer } from '../emails/emails.testkit.ts';
import { createReview } from '../reviews/reviews.service.ts';
import { findShopBy } from '../storefront/storefront.queries.ts';
import { DEMO_SHOP } from '../storefront/demo.ts';

test('in Chromium: the widget discloses a rewarded review; the author edits the review and adds a photo and a video from the confirmation link', async (t) => {
  const smtp = await startSmtpServer();
  const server = await startDemoServer(t, { SMTP_URL: smtp.url });
  t.after(async () => {
    server.app.mailer.close();
    await smtp.close();
  });
  const { app, base, worker, services } = server;
  const shop = (await findShopBy(services.db, 'domain', DEMO_SHOP))!;
  await createReview(services, shop.id, { product_id: '8001', rating: 3, author: 'Rewarded Rita', content: 'Honest: fine, not great.', is_top: 1, is_incentivized: 1 });
  const browser = await launchChromium(t);
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  await page.goto(`${base}/s/${DEMO_SHOP}/demo/linen-shirt`);
  const rita = page.locator('.trustoo-widget[data-widget=product-reviews] .rv', { hasText: 'Rewarded Rita' });
  await rita.waitFor();
  assert.equal(await rita.locator('.ic').textContent(), 'Rewarded review');
  assert.equal(await page.locator('.trustoo-widget[data-widget=product-reviews] .ic').count(), 1, 'only the rewarded review says so');

  const submitted = await app.inject({
    method: 'POST',
    url: '/api/v1/reviews/submit',
    payload: { shop: DEMO_SHOP, product_id: '8001', rating: 5, content: 'Lovely linen', author: 'Ann', author_email: 'ann@example.com', consent: 1, website: '' },
  });
  assert.equal(submitted.json().code, 0, submitted.body);
  await worker.runOnce();
  // The demo's answered questions send their own emails: find the review's confirmation.
  const confirmation = smtp.messages.find((m) => m.subject?.startsWith('Thanks for your review'))!;
  const link = /\/r\/my-review\?t=[A-Za-z0-9_.-]+/.exec(confirmation.text ?? '')![0];

  await page.goto(base + link);
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole('radio', { name: '★★★★', exact: true }).check();
  await page.getByLabel('Your review').fill('Lovely linen, creases a bit');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Your changes are saved.').waitFor();
  assert.equal(await page.getByRole('radio', { name: '★★★★', exact: true }).isChecked(), true);

  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2a7' } })
    .png()
    .toBuffer();
  await page.getByLabel('Add a photo (JPEG, PNG, WebP, GIF or AVIF)').setInputFiles({ name: 'shirt.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: 'Add photo' }).click();
  await page.getByText('Thank you! Your photo was added to your review.').waitFor();
  assert.equal(await page.getByRole('img', { name: 'Photo 1' }).count(), 1);
  assert.deepEqual(await axeViolations(page), []);

  // The video goes as on the hosted review form: the page's script PUTs it to a one-time URL, then posts its URL.
  await page.getByLabel('Add a video (MP4, WebM or QuickTime)').setInputFiles({ name: 'shirt.mp4', mimeType: 'video/mp4', buffer: mp4Bytes(64 * 1024) });
  await page.getByRole('button', { name: 'Add video' }).click();
  await page.getByText('Thank you! Your video was added to your review.').waitFor();
  assert.equal(await page.getByRole('img', { name: 'Video 1' }).count(), 1);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/reviewer-manage-phone.png`, fullPage: true });

  const review = await services.db.selectFrom('reviews').select(['rating', 'content', 'media']).where('author_email', '=', 'ann@example.com').executeTakeFirstOrThrow();
  const media = JSON.parse(review.media) as { type: number; url: string }[];
  assert.deepEqual([review.rating, review.content, media.map((m) => m.type)], [4, 'Lovely linen, creases a bit', [1, 2]]);
  const video = await fetch(new URL(new URL(media[1]!.url).pathname, base));
  assert.equal(video.headers.get('content-type'), 'video/mp4');
  assert.deepEqual(Buffer.from(await video.arrayBuffer()), mp4Bytes(64 * 1024), 'the bytes the browser sent');
});
