import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, SCREENSHOT_DIR, startDemoServer } from '../../test/browser.ts';
import { inspectPage, VIEWPORTS, watchForPageErrors } from '../../test/console-browser.helpers.ts';
import { buildConsole } from '../../packages/console/build.ts';
import { addMembership } from '../admin/memberships.queries.ts';
import { createMerchant } from '../merchants/merchants.service.ts';
import { findShopBy } from './storefront.queries.ts';
import { DEMO_SHOP } from './demo.ts';

const OWNER = { email: 'look-owner@demo.example', password: 'correct horse battery' };
const VIEWER = { email: 'look-viewer@demo.example', password: 'correct horse battery' };

const widgetsRendered = (page: Page) =>
  page.waitForFunction(() => [...document.querySelectorAll('.trustoo-widget')].every((el) => el.shadowRoot && el.shadowRoot.querySelector('section, a, span, div, form')));

/** The computed colour of the product-reviews widget's rating bars (the star colour). */
const barColour = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('.trustoo-widget[data-widget=product-reviews]')!.shadowRoot!.querySelector('.br i')!).backgroundColor);

async function signIn(browser: Browser, base: string, who: { email: string; password: string }) {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  const errors = watchForPageErrors(page);
  await page.goto(`${base}/admin/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill(who.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/shops\/\d+/);
  return { page, errors };
}

test('the merchant changes the star colour in the console; the storefront widget on the demo page shows it', { timeout: 300_000 }, async (t) => {
  await buildConsole();
  // No in-process storefront cache: the demo page reads the saved appearance at once.
  const server = await startDemoServer(t, { STOREFRONT_CACHE_SECONDS: '0' });
  const { base, app } = server;
  const shop = (await findShopBy(app.db, 'domain', DEMO_SHOP))!;
  for (const [who, role] of [
    [OWNER, 'owner'],
    [VIEWER, 'viewer'],
  ] as const) {
    const merchant = await createMerchant({ db: app.db, clock: server.clock }, { shopDomain: DEMO_SHOP, email: who.email, password: who.password });
    await addMembership(app.db, Number(merchant.merchant_id), shop.id, role, server.clock.now());
  }
  const browser = await launchChromium(t);
  const demo = `${base}/s/${DEMO_SHOP}/demo/linen-shirt`;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  // Before: today's look on the demo page.
  const shopper = await (await browser.newContext({ viewport: VIEWPORTS.desktop })).newPage();
  await shopper.goto(`${demo}?embed=script`);
  await widgetsRendered(shopper);
  assert.equal(await barColour(shopper), 'rgb(245, 166, 35)');
  await shopper.context().close();

  const { page, errors } = await signIn(browser, base, OWNER);
  await page.goto(`${base}/admin/shops/${shop.id}/storefront`);
  await page.getByRole('heading', { level: 2, name: 'Widget appearance' }).waitFor();
  const preview = page.getByRole('region', { name: 'Widget preview' });
  await preview.locator('.rv').first().waitFor();
  const previewStar = () => preview.evaluate((el) => getComputedStyle(el.querySelector('[data-widget]')!).getPropertyValue('--plaudit-star').trim());
  assert.equal(await previewStar(), '#f5a623');

  await page.getByLabel('Star colour').fill('#e91e63');
  await page.getByLabel('Star colour').press('Tab');
  await page.getByLabel('Accent colour').fill('#ffeb3b');
  await page.getByLabel('Accent colour').press('Tab');
  await page.getByLabel('Star bars (filter by stars)').uncheck();
  await page.getByRole('combobox', { name: 'Texts in' }).click();
  await page.getByRole('option', { name: 'Français' }).click();
  await page.getByLabel('Write a review', { exact: true }).fill('Donnez votre avis');
  // The live preview is the real widget drawing the unsaved values.
  await page.waitForFunction(() => {
    const host = document.querySelector('[aria-label="Widget preview"] [data-widget]');
    return host && getComputedStyle(host).getPropertyValue('--plaudit-star').trim() === '#e91e63' && !host.shadowRoot?.querySelector('.hs');
  });
  await inspectPage(page, 'appearance-console-owner');
  await page.getByRole('button', { name: 'Save appearance' }).click();
  await page.getByRole('status').filter({ hasText: 'Appearance saved' }).waitFor();
  assert.doesNotMatch(await page.getByLabel('Install snippet').inputValue(), /style|--plaudit/);
  await page.reload();
  await page.getByLabel('Star colour').and(page.locator('[value="#e91e63"]')).waitFor();

  // The shopper's demo page, script-only and server-rendered alike, shows the saved appearance.
  for (const mode of ['?embed=script', '']) {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const shopperPage = await context.newPage();
    const shopperErrors: string[] = [];
    shopperPage.on('pageerror', (error) => shopperErrors.push(error.message));
    await shopperPage.goto(demo + mode);
    await widgetsRendered(shopperPage);
    await shopperPage.waitForFunction(() => getComputedStyle(document.querySelector('.trustoo-widget[data-widget=product-reviews]')!).getPropertyValue('--plaudit-star').trim() === '#e91e63');
    // The star bars are hidden now; the summary's stars carry the colour.
    const star = await shopperPage.evaluate(() => {
      const root = document.querySelector('.trustoo-widget[data-widget=product-reviews]')!.shadowRoot!;
      const button = root.querySelector('.wr')!;
      return {
        bars: root.querySelectorAll('.hs').length,
        star: getComputedStyle(root.querySelector('.av .st')!, '::before').backgroundImage,
        button: [getComputedStyle(button).backgroundColor, getComputedStyle(button).color],
      };
    });
    assert.equal(star.bars, 0, mode);
    assert.match(star.star, /rgb\(233, 30, 99\)/, `${mode}: stars in the new colour`);
    assert.deepEqual(star.button, ['rgb(255, 235, 59)', 'rgb(0, 0, 0)'], `${mode}: yellow accent with black text`);
    assert.deepEqual(await axeViolations(shopperPage), [], `${mode}: axe`);
    for (const [name, viewport] of Object.entries({ desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } })) {
      await shopperPage.setViewportSize(viewport);
      await shopperPage.screenshot({ path: join(SCREENSHOT_DIR, `appearance-demo${mode ? '-script-only' : ''}-${name}.png`), fullPage: true });
    }
    assert.deepEqual(shopperErrors, []);
    await context.close();
  }

  // The French text reaches a French widget.
  const french = await (await browser.newContext()).newPage();
  await french.goto(`${demo}?embed=script`);
  await widgetsRendered(french);
  await french.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<div id="fr" class="trustoo-widget" data-widget="product-reviews" data-product-id="8001" data-lang="fr" data-show-form="1"></div>');
    (window as unknown as { Plaudit: { init(): void } }).Plaudit.init();
  });
  await french.waitForFunction(() => document.querySelector('#fr')?.shadowRoot?.querySelector('.wr')?.textContent === 'Donnez votre avis');
  await french.context().close();

  // A viewer sees the appearance read-only.
  const viewer = await signIn(browser, base, VIEWER);
  await viewer.page.goto(`${base}/admin/shops/${shop.id}/storefront`);
  await viewer.page.getByRole('heading', { level: 2, name: 'Widget appearance' }).waitFor();
  await viewer.page.getByLabel('Star colour').and(viewer.page.locator('[value="#e91e63"]')).waitFor();
  assert.equal(await viewer.page.getByLabel('Star colour').isDisabled(), true);
  assert.equal(await viewer.page.getByRole('button', { name: 'Save appearance' }).count(), 0);
  await inspectPage(viewer.page, 'appearance-console-viewer');
  assert.deepEqual([...errors, ...viewer.errors], []);
});
