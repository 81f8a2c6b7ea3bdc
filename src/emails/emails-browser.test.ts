import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { axeViolations, launchChromium } from '../../test/browser.ts';
import { mp4Bytes, pngImage } from '../../test/media-fixtures.ts';
import { upsertProduct } from '../products/products.service.ts';
import { runCommand } from '../cli/testkit.ts';
import { emailCommands } from './emails.cli.ts';
import { DAY, linksOf, servedEmailApp } from './emails.testkit.ts';

/** Where people look at the rendered emails and the hosted form. */
const ARTIFACTS = 'test-artifacts/emails';

/** Product pictures served from a local server (the browser has no internet). */
async function pictureServer(t: TestContext) {
  const colours = { red: await pngImage(400, 400), blue: await pngImage(300, 500), green: await pngImage(640, 360) };
  const server = createServer((request, response) => {
    const picture = colours[(request.url ?? '').slice(1).replace('.png', '') as keyof typeof colours];
    response.writeHead(picture ? 200 : 404, { 'content-type': 'image/png' }).end(picture);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // close() alone waits for any request the browser still holds open.
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function shopWithProducts(t: TestContext) {
  const env = await servedEmailApp(t);
  const pictures = await pictureServer(t);
  const products = [
    ['111', 'Linen shirt with a rather long name that has to wrap on a phone', 'red'],
    ['222', 'Blue hat', 'blue'],
    ['333', 'Green mug', 'green'],
  ];
  for (const [id, title, colour] of products) {
    await upsertProduct({ db: env.database.db, clock: env.clock }, env.shopA.shopId, { product_id: id!, handle: `p${id}`, title: title!, image: `${pictures}/${colour}.png` });
  }
  return env;
}

const order = (id: number, locale: string, productIds = [111, 222, 333]) => ({
  order_id: id,
  order_name: `#${id}`,
  locale,
  customer: { email: `buyer${id}@example.com`, first_name: 'Sam', last_name: 'Lee' },
  line_items: productIds.map((product_id) => ({ product_id })),
  fulfilled_at: '2026-06-01 12:00:00',
});

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('review-request emails in Chromium: every language fits 375 px and 800 px, pictures load with alt text, dark mode stays readable; screenshots in test-artifacts/emails', async (t) => {
  const env = await shopWithProducts(t);
  await runCommand(env, emailCommands, [
    'emails',
    'texts',
    '--domain',
    'shop-a.myshopify.com',
    '--type',
    'request',
    '--locale',
    'fr',
    '--heading',
    'Votre avis, {first_name} ?',
    '--body',
    'Un mot sur {order_name} aidera nos autres clients.',
  ]);
  const languages = ['en', 'fr', 'de', 'ar', 'ja', 'zh'];
  await env.shopA.client.call('POST', 'push_orders', { body: { orders: languages.map((language, i) => order(100 + i, language)) } });
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  assert.equal(env.smtp.messages.length, languages.length);
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launchChromium(t);

  for (const [i, language] of languages.entries()) {
    const mail = env.smtp.messages.find((m) => JSON.stringify(m.to).includes(`buyer${100 + i}@`))!;
    const html = String(mail.html);
    assert.ok(Buffer.byteLength(html) < 100 * 1024, `${language}: ${Buffer.byteLength(html)} bytes`);
    assert.ok((mail.text ?? '').length > 200, 'a plain-text part');
    assert.doesNotMatch(html, /<script|<link|<form|<input|javascript:/i);
    assert.equal(linksOf(mail).stars.length, 15);
    for (const width of [375, 800]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      assert.ok((await noSideScroll(page)) <= 0, `${language} at ${width}px scrolls sideways`);
      const pictures = await page.$$eval('img[width="96"]', (imgs) =>
        imgs.map((img) => ({ alt: img.getAttribute('alt'), loaded: (img as HTMLImageElement).naturalWidth > 0, shown: img.getBoundingClientRect().width })),
      );
      assert.equal(pictures.length, 3);
      for (const p of pictures) assert.ok(p.alt && p.loaded && p.shown >= 72, JSON.stringify(p));
      assert.equal(await page.getAttribute('html', 'dir'), language === 'ar' ? 'rtl' : 'ltr');
      await page.screenshot({ path: `${ARTIFACTS}/request-${language}-${width}.png`, fullPage: true });
      await context.close();
    }
  }

  const dark = await browser.newContext({ viewport: { width: 375, height: 900 }, colorScheme: 'dark', javaScriptEnabled: false });
  const page = await dark.newPage();
  await page.setContent(String(env.smtp.messages.find((m) => JSON.stringify(m.to).includes('buyer100@'))!.html), { waitUntil: 'load' });
  const colours = await page.evaluate(() => ({
    card: getComputedStyle(document.querySelector('.pl-card')!).backgroundColor,
    heading: getComputedStyle(document.querySelector('h1')!).color,
    button: getComputedStyle(document.querySelector('.pl-button')!).color,
    buttonBackground: getComputedStyle(document.querySelector('.pl-button')!).backgroundColor,
  }));
  assert.deepEqual(colours, { card: 'rgb(22, 27, 34)', heading: 'rgb(230, 237, 243)', button: 'rgb(13, 17, 23)', buttonBackground: 'rgb(230, 237, 243)' });
  await page.screenshot({ path: `${ARTIFACTS}/request-en-375-dark.png`, fullPage: true });
});

test("hosted review form in Chromium on a phone: a star in the email opens the page with it chosen, every product on one page, a photo and a video uploaded like the widget's, all saved", async (t) => {
  const env = await shopWithProducts(t);
  await env.shopA.client.call('POST', 'push_orders', { body: { orders: [order(7, 'en', [111, 222])] } });
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  const links = linksOf(env.smtp.messages[0]!);
  const browser = await launchChromium(t);
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The browser asks for /favicon.ico on its own; every other failed request counts.
  page.on('response', (response) => response.status() >= 400 && !response.url().endsWith('/favicon.ico') && errors.push(`${response.status()} ${response.url()}`));

  const hatFour = links.stars.find((l) => l === `${links.review[1]}&rating=4`)!;
  await page.goto(`${env.base}${new URL(hatFour).pathname}${new URL(hatFour).search}`);
  const hat = page.getByRole('region', { name: 'Blue hat' });
  const shirt = page.getByRole('region', { name: /Linen shirt/ });
  assert.equal(await hat.getByRole('radio', { name: '4 out of 5 stars' }).isChecked(), true);
  assert.equal(await shirt.getByRole('radio', { checked: true }).count(), 0);
  assert.ok(await page.locator('img[alt="Blue hat"]').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0), 'the product picture shows');
  assert.ok((await noSideScroll(page)) <= 0, 'fits a phone');
  assert.deepEqual(await axeViolations(page), []);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/form-375.png`, fullPage: true });

  await hat.getByLabel('Title (optional)').fill('Warm and light');
  await hat.getByLabel('Your review').fill('Wore it all winter.');
  await hat.getByLabel('Photos (up to 5)').setInputFiles({ name: 'hat.png', mimeType: 'image/png', buffer: await pngImage(200, 200) });
  await hat.getByLabel('Video (optional)').setInputFiles({ name: 'hat.mp4', mimeType: 'video/mp4', buffer: mp4Bytes(64 * 1024) });
  await shirt.locator('label[for="r2-1"]').tap();
  await shirt.getByLabel('Your review').fill('Shrank in the wash.');
  await page.getByLabel('Your name').fill('Sam L.');
  await page.getByRole('button', { name: 'Submit' }).tap();
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Your review of Blue hat has been received\.\s+Your review of Linen shirt/);
  await page.screenshot({ path: `${ARTIFACTS}/form-thanks-375.png`, fullPage: true });
  assert.deepEqual(errors, []);

  const reviews = (await env.shopA.client.getReviews()).data.list.sort((a, b) => a.product_id.localeCompare(b.product_id));
  assert.deepEqual(
    reviews.map((r) => [r.product_id, r.rating, r.author, r.title, r.content, r.is_verified]),
    [
      ['111', 2, 'Sam L.', '', 'Shrank in the wash.', 1],
      ['222', 4, 'Sam L.', 'Warm and light', 'Wore it all winter.', 1],
    ],
  );
  const media = reviews[1]!.media;
  assert.deepEqual(
    media.map((m) => m.type),
    [1, 2],
  );
  const prefix = `${env.services.config.media.publicUrl}/${env.shopA.shopId}/2026/6/8/`;
  assert.ok(
    media.every((m) => m.url.startsWith(prefix)),
    JSON.stringify(media),
  );
  const stored = await env.database.db.selectFrom('media_uploads').select(['kind', 'status', 'referenced_at']).where('shop_id', '=', env.shopA.shopId).orderBy('kind').execute();
  assert.deepEqual(
    stored.map((s) => [s.kind, s.status, s.referenced_at !== null]),
    [
      ['image', 'stored', true],
      ['video', 'stored', true],
    ],
  );
  const photo = await fetch(media[0]!.url);
  assert.equal(photo.headers.get('content-type'), 'image/png');
});
