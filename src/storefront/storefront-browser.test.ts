import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { axeViolations, launchChromium, startDemoServer } from '../../test/browser.ts';
import { WIDGET_OUT } from '../../packages/widget/build.ts';
import { DEMO_SHOP } from './demo.ts';

const rendered = (page: Page) =>
  page.waitForFunction(() => [...document.querySelectorAll('.trustoo-widget')].every((el) => el.shadowRoot && el.shadowRoot.querySelector('section, a, span, div, form')));
const shadowTexts = (page: Page, selector: string) =>
  page.evaluate(
    (sel) =>
      [...document.querySelectorAll(sel)].map((el) =>
        [...(el.shadowRoot?.children ?? [])]
          .filter((c) => c.tagName !== 'STYLE')
          .map((c) => c.textContent)
          .join('')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    selector,
  );
const authors = (page: Page, widget: string) => page.locator(`.trustoo-widget[data-widget=${widget}] .rv .au`).allTextContents();

test('storefront widget in Chromium', async (t) => {
  const server = await startDemoServer(t);
  const { app, base } = server;
  const browser = await launchChromium(t);
  const api = async (path: string) => (await app.inject({ method: 'GET', url: `/api/v1/reviews/${path}` })).json().data;
  const demo = `${base}/s/${DEMO_SHOP}/demo/linen-shirt`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await t.test('every widget type renders the API content, server-rendered and script-only alike', async () => {
    const pageOne = await api(`get_product_reviews?shop=${DEMO_SHOP}&product_id=8001&limit=5`);
    const all = await api(`get_product_reviews?shop=${DEMO_SHOP}&limit=5`);
    const rating = (await api(`get_products_rating?shop=${DEMO_SHOP}&product_id=8001`))[0];
    const shopRating = (await api(`get_products_rating?shop=${DEMO_SHOP}&is_all_rating=1`))[0];
    const cards = await api(`get_products_rating?shop=${DEMO_SHOP}&product_handle=linen-shirt,stoneware-mug,wool-beanie,canvas-tote`);
    const texts: Record<string, string[]>[] = [];
    for (const mode of ['', '?embed=script']) {
      await page.goto(demo + mode);
      await rendered(page);
      assert.deepEqual(
        await authors(page, 'product-reviews'),
        pageOne.list.map((r: { author: string }) => r.author),
        mode,
      );
      assert.deepEqual(
        await authors(page, 'all-reviews'),
        all.list.map((r: { author: string }) => r.author),
        mode,
      );
      assert.equal(await page.locator('.trustoo-widget[data-widget=carousel] .rv').count(), (await api(`get_product_reviews?shop=${DEMO_SHOP}&limit=8&min_star=4`)).list.length);
      const [star] = await shadowTexts(page, '[data-widget=star-rating]');
      assert.equal(star, `${rating.rating}${rating.total_reviews} reviews`);
      assert.deepEqual(
        await shadowTexts(page, '[data-widget=collection-rating]'),
        cards.map((c: { total_reviews: number }) => `(${c.total_reviews})`),
      );
      assert.deepEqual(await shadowTexts(page, '[data-widget=store-rating-badge]'), [`${shopRating.rating}${shopRating.total_reviews} reviews`]);
      assert.match(
        (await shadowTexts(page, '[data-widget=product-reviews]'))[0]!,
        new RegExp(`^${rating.rating}${rating.total_reviews} reviews${[5, 4, 3, 2, 1].map((n) => `${n}★Show ${n}-star reviews${pageOne.rating.stars[n - 1]}`).join('')}`),
      );
      texts.push(Object.fromEntries(await Promise.all(['product-reviews', 'all-reviews', 'carousel', 'star-rating'].map(async (w) => [w, await shadowTexts(page, `[data-widget=${w}]`)]))));
    }
    assert.deepEqual(texts[0], texts[1], 'the script renders exactly what the server rendered');
  });

  await t.test("script-only: page 1 of the reviews is requested together with the shop's appearance, not after it", async () => {
    // A new context: nothing cached, so the appearance really goes to the server.
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await fresh.newPage();
    const events: string[] = [];
    const endpoint = (url: string) => new URL(url).pathname.split('/').pop()!;
    first.on('request', (request) => void events.push(`request ${endpoint(request.url())}`));
    first.on('response', (response) => void events.push(`response ${endpoint(response.url())}`));
    await first.goto(`${demo}?embed=script`);
    await rendered(first);
    const answered = events.indexOf('response get_widget_appearance');
    assert.ok(answered > 0, events.join(', '));
    assert.ok(events.slice(0, answered).includes('request get_product_reviews'), events.join(', '));
    await fresh.close();
  });

  await t.test('axe: no violation at all on the demo page (both embeds) and the hosted pages', async () => {
    const pages = [
      demo,
      `${demo}?embed=script`,
      `${base}/s/${DEMO_SHOP}/reviews`,
      `${base}/s/${DEMO_SHOP}/reviews?page=2&star=5`,
      `${base}/s/${DEMO_SHOP}/products/linen-shirt/review`,
      `${base}/s/${DEMO_SHOP}/thanks?status=published`,
    ];
    for (const url of pages) {
      await page.goto(url);
      await rendered(page);
      // Minor and moderate findings count too on these pages: Lighthouse deducts for them.
      assert.deepEqual(await axeViolations(page, undefined, ['minor', 'moderate', 'serious', 'critical']), [], url);
    }
  });

  await t.test('axe: every widget type in RTL, dark theme and on a dark host page', async () => {
    await page.goto(`${demo}?embed=script`);
    await rendered(page);
    await page.evaluate(() => {
      const widgets = ['product-reviews', 'all-reviews', 'star-rating', 'collection-rating', 'carousel', 'store-rating-badge'];
      const variants = [
        { lang: 'ar', theme: 'light' },
        { lang: 'en', theme: 'dark' },
        { lang: 'en', theme: 'light' },
      ];
      document.body.insertAdjacentHTML(
        'beforeend',
        `<div id="dark-host" style="background:#111;color:#eee;padding:8px">${variants
          .map((v) =>
            widgets.map((w) => `<div class="trustoo-widget" data-widget="${w}" data-product-handle="linen-shirt" data-lang="${v.lang}" data-theme="${v.theme}" data-limit="3"></div>`).join(''),
          )
          .join('')}</div>`,
      );
      (window as unknown as { Plaudit: { init(): void } }).Plaudit.init();
    });
    await rendered(page);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#dark-host .trustoo-widget').length === 18 &&
        [...document.querySelectorAll('#dark-host [data-widget=product-reviews]')].every((el) => el.shadowRoot!.querySelector('.rv')),
    );
    assert.equal(await page.locator('#dark-host [data-widget=product-reviews] .pn').count(), 3, 'pagination is shown');
    assert.deepEqual(await axeViolations(page, '#dark-host'), []);
  });

  await t.test('paginate, filter and sort through the widget', async () => {
    await page.goto(`${demo}?embed=script`);
    await rendered(page);
    const list = page.locator('.trustoo-widget[data-widget=product-reviews]');
    await list.locator('[data-page="2"]').first().click();
    const page2 = await api(`get_product_reviews?shop=${DEMO_SHOP}&product_id=8001&limit=5&page=2`);
    await page.waitForFunction(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.textContent!.includes('Page 2 of 2'));
    assert.deepEqual(
      await authors(page, 'product-reviews'),
      page2.list.map((r: { author: string }) => r.author),
    );
    await list.locator('.hs [data-star="5"]').click();
    await page.waitForFunction(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.querySelector('[data-star="5"][aria-current=true]'));
    const fives = await api(`get_product_reviews?shop=${DEMO_SHOP}&product_id=8001&limit=5&star=5`);
    assert.deepEqual(
      await authors(page, 'product-reviews'),
      fives.list.map((r: { author: string }) => r.author),
    );
    await list.locator('.hs [data-star="5"]').click();
    await list.locator('select[data-sort]').selectOption('rating-ascending');
    const lowest = await api(`get_product_reviews?shop=${DEMO_SHOP}&product_id=8001&limit=5&sort_by=rating-ascending`);
    await page.waitForFunction((first) => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.querySelector('.rv .au')?.textContent === first, lowest.list[0].author);
    assert.deepEqual(
      await authors(page, 'product-reviews'),
      lowest.list.map((r: { author: string }) => r.author),
    );
    await list.locator('[data-media]').click();
    await page.waitForFunction(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.querySelector('[data-media][aria-current=true]'));
    const withMedia = await api(`get_product_reviews?shop=${DEMO_SHOP}&product_id=8001&limit=5&sort_by=rating-ascending&has_media=1`);
    assert.deepEqual(
      await authors(page, 'product-reviews'),
      withMedia.list.map((r: { author: string }) => r.author),
    );

    // Each interaction was reported (sendBeacon) as a storefront customer event of the demo shop.
    const reported = async () =>
      (await app.db.selectFrom('customer_events').select(['event_type', 'event_source', 'extra', 'page_url']).orderBy('id').execute()).filter((e) => e.page_url === `${demo}?embed=script`);
    for (let i = 0; i < 50 && !(await reported()).some((e) => e.event_type === 'FILTER_REVIEW' && JSON.parse(e.extra).media === true); i++) await page.waitForTimeout(100);
    const events = await reported();
    assert.ok(
      events.some((e) => e.event_type === 'PAGINATION' && JSON.parse(e.extra).page === 2),
      JSON.stringify(events),
    );
    assert.ok(
      events.some((e) => e.event_type === 'FILTER_REVIEW' && JSON.parse(e.extra).star === 5),
      JSON.stringify(events),
    );
    assert.ok(
      events.some((e) => e.event_type === 'SORT_REVIEW' && JSON.parse(e.extra).sort === 'rating-ascending'),
      JSON.stringify(events),
    );
    assert.ok(
      events.some((e) => e.event_type === 'VIEW_REVIEW'),
      JSON.stringify(events),
    );
    assert.ok(events.every((e) => e.event_source === 'STOREFRONT'));
  });

  await t.test('keyboard only: write a review; 5 stars are published, 2 stars held', async () => {
    for (const [stars, expected] of [
      [5, 'Your review is published'],
      [2, 'will appear after moderation'],
    ] as const) {
      await page.goto(demo);
      await rendered(page);
      await page.locator('[data-widget=product-reviews] [data-write]').focus();
      await page.keyboard.press('Enter');
      // Focus moved into the form, on the first rating radio (5 stars); arrows move down the scale.
      await page.keyboard.press('Space');
      for (let i = 5; i > stars; i--) await page.keyboard.press('ArrowRight');
      for (const text of [`Keyboard ${stars}`, `Typed without a mouse, ${stars} stars.`, `Kim ${stars}`, `kim${stars}@example.com`]) {
        await page.keyboard.press('Tab');
        await page.keyboard.type(text);
      }
      await page.keyboard.press('Tab'); // the photo picker (left empty here)
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForFunction((text) => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.querySelector('.ms')!.textContent!.includes(text), expected);
      const focused = await page.evaluate(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.activeElement?.className);
      assert.equal(focused, 'ms', 'the outcome is announced and focused');
    }
    const rows = await app.db.selectFrom('reviews').select(['title', 'rating', 'is_published', 'source', 'author_email']).where('title', 'like', 'Keyboard%').orderBy('rating').execute();
    assert.deepEqual(rows, [
      { title: 'Keyboard 2', rating: 2, is_published: 0, source: 'Store front', author_email: 'kim2@example.com' },
      { title: 'Keyboard 5', rating: 5, is_published: 1, source: 'Store front', author_email: 'kim5@example.com' },
    ]);
  });

  await t.test('a review with a photo: uploaded to the shop media, then shown once published', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } } })
      .png()
      .toBuffer();
    await page.goto(`${demo}?embed=script`);
    await rendered(page);
    const list = page.locator('[data-widget=product-reviews]');
    await list.locator('[data-write]').click();
    await list.locator('label[for=pl-r5]').click();
    await list.locator('textarea[name=content]').fill('Here is my photo');
    await list.locator('input[name=author]').fill('Photo Fan');
    await list.locator('input[name=author_email]').fill('photo@example.com');
    await list.locator('input[data-photos]').setInputFiles({ name: 'shirt.png', mimeType: 'image/png', buffer: png });
    await list.locator('input[name=consent]').check();
    await list.locator('.sb').click();
    await page.waitForFunction(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.querySelector('.ms')!.textContent!.includes('published'));
    const row = await app.db.selectFrom('reviews').select(['media', 'shop_id', 'is_published']).where('author', '=', 'Photo Fan').executeTakeFirstOrThrow();
    const [media] = JSON.parse(row.media) as Array<{ url: string; thumbnail_url: string }>;
    assert.match(media!.url, new RegExp(`^${base}/media/${row.shop_id}/\\d+/\\d+/\\d+/[a-z0-9-]+\\.png$`));
    assert.equal(media!.thumbnail_url, `${media!.url}?x-oss-process=style/thumbnail`);
    const served = await fetch(media!.url);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    const newest = await api(`get_product_reviews?shop=${DEMO_SHOP}&product_id=8001&sort_by=created-descending&limit=1&t=photo`);
    assert.equal(newest.list[0].author, 'Photo Fan');
    assert.equal(newest.list[0].resources[0].src, media!.url);
  });

  await t.test('helpful: counted once per visitor', async () => {
    await page.goto(`${demo}?embed=script`);
    await rendered(page);
    const button = page.locator('[data-widget=product-reviews] .hf').first();
    const id = await button.getAttribute('data-helpful');
    await button.click();
    await page.waitForFunction(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.querySelector('.hf[aria-pressed=true]'));
    assert.equal(await button.textContent(), 'Helpful (1)');
    await page.reload();
    await rendered(page);
    await page.locator(`[data-widget=product-reviews] .hf[data-helpful="${id}"]`).click();
    await page.waitForFunction(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.querySelector('.hf[aria-pressed=true]'));
    assert.equal(await page.locator(`[data-widget=product-reviews] .hf[data-helpful="${id}"]`).textContent(), 'Helpful (1)');
    const votes = await app.db.selectFrom('review_votes').select('review_id').execute();
    assert.deepEqual(
      votes.map((v) => String(v.review_id)),
      [id],
    );
  });

  await t.test('keyboard only: the lightbox traps focus, navigates with arrows and returns focus on Escape', async () => {
    await page.goto(demo);
    await rendered(page);
    const thumb = page.locator('[data-widget=product-reviews] .th').first();
    await thumb.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('[data-widget=product-reviews] [role=dialog]');
    await dialog.waitFor();
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    const active = () => page.evaluate(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.activeElement?.getAttribute('aria-label') ?? '');
    assert.equal(await active(), 'Close');
    const count = await page.locator('[data-widget=product-reviews] [role=dialog] .lc').textContent();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      assert.ok(['Close', 'Previous', 'Next'].includes(await active()), 'focus stays in the dialog');
    }
    if (count?.endsWith('of 2')) {
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.locator('[data-widget=product-reviews] [role=dialog] .lc').textContent(), 'Photo 2 of 2');
    }
    await page.keyboard.press('Escape');
    assert.equal(await dialog.count(), 0);
    assert.equal(await page.evaluate(() => document.querySelector('[data-widget=product-reviews]')!.shadowRoot!.activeElement?.classList.contains('th')), true);
    const reviewId = (await thumb.getAttribute('data-lb'))!.split(':')[0];
    const clicks = () => app.db.selectFrom('customer_events').select('review_id').where('event_type', '=', 'CLICK_MEDIA').execute();
    for (let i = 0; i < 50 && (await clicks()).length === 0; i++) await page.waitForTimeout(100);
    assert.deepEqual(
      (await clicks()).map((e) => e.review_id),
      [reviewId],
      'the media click was reported with its review',
    );
  });

  await t.test('hostile review text and media URLs are rendered inert', async () => {
    const shop = await app.db.selectFrom('shops').select('id').where('domain', '=', DEMO_SHOP).executeTakeFirstOrThrow();
    await app.db
      .insertInto('products')
      .values({ shop_id: shop.id, product_id: '8666', handle: 'xss', title: '<b>Bold</b> product', url: 'javascript:alert(1)', image_url: '', created_at: 0, updated_at: 0 })
      .execute();
    await app.db
      .insertInto('reviews')
      .values({
        shop_id: shop.id,
        product_id: '8666',
        order_id: '',
        rating: 5,
        author: '<img src=x onerror="window.__xss=1">',
        author_email: '',
        author_phone: '',
        author_country: '',
        title: '\u202Eevil\u202C title',
        content: '<script>window.__xss=2</script><a href="javascript:window.__xss=3">click</a>',
        commented_at: 0,
        item_type: '',
        source: 'Shop',
        tag: '',
        is_verified: 0,
        is_featured: 0,
        is_published: 1,
        is_top: 0,
        reply_content: '<iframe src=javascript:1>',
        media: JSON.stringify([
          { url: 'javascript:window.__xss=4', thumbnail_url: 'javascript:window.__xss=5', type: 1, is_published: 1 },
          { url: `${base}/demo-assets/photo-1.svg`, thumbnail_url: 'data:text/html,x', type: 1, is_published: 1 },
        ]),
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    await app.db.insertInto('rating_summaries').values({ shop_id: shop.id, subject: '8666', star1: 0, star2: 0, star3: 0, star4: 0, star5: 1, rating_sum: 5, updated_at: 0 }).execute();
    for (const mode of ['', '?embed=script']) {
      await page.goto(`${base}/s/${DEMO_SHOP}/demo/xss${mode}`);
      await rendered(page);
      const probe = await page.evaluate(() => {
        const root = document.querySelector('[data-widget=product-reviews]')!.shadowRoot!;
        return {
          xss: (window as { __xss?: number }).__xss ?? 0,
          dangerous: root.querySelectorAll('img[onerror], script, iframe, [href^="javascript"], [src^="javascript"], [src^="data:"]').length,
          author: root.querySelector('.au')!.textContent,
          title: root.querySelector('.tt')!.textContent,
          hasOverride: /[\u202A-\u202E\u2066-\u2069]/.test(root.textContent!),
          media: [...root.querySelectorAll('.th')].map((a) => a.getAttribute('href')),
        };
      });
      assert.deepEqual(
        probe,
        {
          xss: 0,
          dangerous: 0,
          author: '<img src=x onerror="window.__xss=1">',
          title: 'evil title',
          hasOverride: false,
          media: [`${base}/demo-assets/photo-1.svg`],
        },
        mode,
      );
    }
  });

  await t.test('JSON-LD in the server-rendered page describes the product, its rating and reviews', async () => {
    const html = (await app.inject({ method: 'GET', url: `/s/${DEMO_SHOP}/demo/linen-shirt` })).body;
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
    assert.equal(blocks.length, 1);
    const ld = blocks[0];
    const summary = await api(`get_product_reviews?shop=${DEMO_SHOP}&product_id=8001&limit=5`);
    assert.equal(ld['@context'], 'https://schema.org');
    assert.equal(ld['@type'], 'Product');
    assert.equal(ld.name, 'Linen shirt');
    assert.deepEqual(ld.aggregateRating, { '@type': 'AggregateRating', ratingValue: summary.rating.rating, reviewCount: summary.rating.total_reviews, bestRating: 5, worstRating: 1 });
    assert.equal(ld.review.length, summary.list.length);
    for (const [i, review] of ld.review.entries()) {
      assert.equal(review['@type'], 'Review');
      assert.deepEqual(review.author, { '@type': 'Person', name: summary.list[i].author });
      assert.match(review.datePublished, /^\d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(review.reviewRating, { '@type': 'Rating', ratingValue: summary.list[i].star, bestRating: 5, worstRating: 1 });
      assert.equal(review.reviewBody, summary.list[i].content);
    }
    // The browser sees the same document (it is in the light DOM, outside the shadow root).
    await page.goto(demo);
    const inPage = await page.evaluate(() => JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!));
    assert.deepEqual(inPage, ld);
  });

  await t.test('single-page apps: Plaudit.init renders new containers, refresh shows new data; RTL and theming', async () => {
    await page.goto(`${demo}?embed=script`);
    await rendered(page);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<div id="spa-star" class="trustoo-widget" data-widget="star-rating" data-product-handle="stoneware-mug" data-lang="ar"></div>' +
          '<div id="spa-list" class="trustoo-widget" data-widget="product-reviews" data-product-handle="stoneware-mug" style="--plaudit-star: rgb(1, 2, 3)"></div>',
      );
      (window as unknown as { Plaudit: { init(): void } }).Plaudit.init();
    });
    await rendered(page);
    const before = (await api(`get_products_rating?shop=${DEMO_SHOP}&product_handle=stoneware-mug`))[0];
    const probe = () =>
      page.evaluate(() => ({
        star: document.querySelector('#spa-star')!.shadowRoot!.querySelector('.c')?.textContent,
        rtl: document.querySelector('#spa-star')!.classList.contains('trustoo-rtl') && getComputedStyle(document.querySelector('#spa-star')!).direction === 'rtl',
        bar: getComputedStyle(document.querySelector('#spa-list')!.shadowRoot!.querySelector('.br i')!).backgroundColor,
      }));
    const first = await probe();
    assert.deepEqual(first, { star: `${before.total_reviews} مراجعات`, rtl: true, bar: 'rgb(1, 2, 3)' });
    const shop = await app.db.selectFrom('shops').select('id').where('domain', '=', DEMO_SHOP).executeTakeFirstOrThrow();
    const { createReview } = await import('../reviews/reviews.service.ts');
    await createReview(app, shop.id, { product_id: '8002', rating: 5, author: 'Late arrival' });
    server.clock.advance(10_000);
    await page.evaluate(() => (window as unknown as { Plaudit: { refresh(): void } }).Plaudit.refresh());
    await page.waitForFunction((n) => document.querySelector('#spa-star')!.shadowRoot!.querySelector('.c')?.textContent?.startsWith(String(n)), before.total_reviews + 1);
    assert.ok((await authors(page, 'product-reviews')).length > 0);
  });

  await t.test('the host page keeps working when the API is down', async () => {
    const script = await readFile(WIDGET_OUT, 'utf8');
    const broken = createServer((request, response) => {
      if (request.url === '/widget/v1/plaudit.js') return response.writeHead(200, { 'content-type': 'application/javascript' }).end(script);
      if (request.url === '/') {
        return response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><button id=b onclick="this.textContent='clicked'">host</button>
<div class="trustoo-widget" data-widget="product-reviews" data-product-id="1"></div><div class="trustoo-widget" data-widget="collection-rating" data-product-handle="x"></div>
<div class="trustoo-widget" data-widget="star-rating" data-product-id="1"></div><script async src="/widget/v1/plaudit.js" data-shop="${DEMO_SHOP}"></script>`);
      }
      response.writeHead(503, { 'content-type': 'text/html' }).end('<h1>down</h1>');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    t.after(() => broken.close());
    const { port } = broken.address() as { port: number };
    const pageErrors: string[] = [];
    const hostPage = await context.newPage();
    hostPage.on('pageerror', (error) => pageErrors.push(error.message));
    await hostPage.goto(`http://127.0.0.1:${port}/`);
    await hostPage.waitForFunction(() => document.querySelectorAll('[data-plaudit-error]').length === 3);
    await hostPage.click('#b');
    assert.equal(await hostPage.textContent('#b'), 'clicked');
    assert.deepEqual(pageErrors, []);
    assert.equal(await hostPage.evaluate(() => typeof (window as { Plaudit?: { refresh?: unknown } }).Plaudit?.refresh), 'function');
    await hostPage.close();
  });

  assert.deepEqual(errors, []);
});
