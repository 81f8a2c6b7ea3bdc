import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { PlauditClient } from '../src/client/index.ts';
import { launchChromium } from './browser.ts';
import { inspectPage, setupTokenFrom, startBuiltServer, VIEWPORTS, watchForPageErrors } from './console-browser.helpers.ts';

const OWNER = { email: 'owner@console.test', password: 'correct horse battery' };
const SHOP = 'console-browser.myshopify.com';
const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  return { page, errors: watchForPageErrors(page) };
}

/** The live preview is the real widget script: a new (unsaved) star colour shows in it at once. */
async function starColourChangesThePreview(page: Page) {
  const preview = page.getByRole('region', { name: 'Widget preview' });
  await preview.getByText('Keeps coffee warm for ages.').waitFor();
  const starColour = () => preview.evaluate((el) => getComputedStyle(el.querySelector('[data-widget]')!).getPropertyValue('--plaudit-star').trim());
  assert.equal(await starColour(), '#f5a623');
  await page.getByLabel('Star colour').fill('#e91e63');
  await page.getByLabel('Star colour').press('Tab');
  await page.waitForFunction(() => getComputedStyle(document.querySelector('[aria-label="Widget preview"] [data-widget]')!).getPropertyValue('--plaudit-star').trim() === '#e91e63');
  // The snippet carries no styling: the saved appearance comes from the shop's settings.
  assert.doesNotMatch(await page.getByLabel('Install snippet').inputValue(), /--plaudit-star/);
}

/** The review-requests page: a French wording previewed as the email shoppers get (sandboxed frame), saved, still there after a reload. */
async function emailWordingIsPreviewedAndSaved(page: Page) {
  await page.getByRole('combobox', { name: 'Language', exact: true }).click();
  await page.getByRole('option', { name: 'Français' }).click();
  await page.getByLabel('Subject').fill('{first_name}, votre avis sur {order_name} ?');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByText('Subject: Alex, votre avis sur #1001 ?').waitFor();
  const email = page.frameLocator('iframe[title="Email preview"]');
  await email.getByRole('heading', { name: 'Votre avis compte' }).waitFor();
  assert.equal((await email.getByRole('link', { name: 'Écrire un avis' }).count()) > 0, true);
  await page.getByRole('button', { name: 'Save wording' }).click();
  await page.getByRole('status').filter({ hasText: 'Wording saved' }).waitFor();
  await page.reload();
  await page.getByRole('combobox', { name: 'Language', exact: true }).click();
  await page.getByRole('option', { name: 'Français' }).click();
  // The field is locked and empty until the French wording has loaded.
  const subject = page.getByLabel('Subject');
  const saved = '{first_name}, votre avis sur {order_name} ?';
  await page
    .waitForFunction(([el, value]) => !(el as HTMLInputElement).disabled && (el as HTMLInputElement).value === value, [await subject.elementHandle(), saved] as const, { timeout: 10_000 })
    .catch(() => undefined);
  assert.equal(await subject.inputValue(), saved);
}

/** The review-requests page's reward: an offer for reviews with media from a pool, codes uploaded from a file, all still there after a reload. */
async function rewardIsOfferedFromAPool(page: Page) {
  const section = page.getByRole('region', { name: 'Rewards for reviews' });
  await section.getByText('rewarding only positive reviews is illegal', { exact: false }).waitFor();
  await section.getByText('Not offered').waitFor();
  await section.getByLabel('Offer a reward in review-request emails').check();
  await section.getByLabel('What the reward is').fill('15% off your next order');
  await section.getByText('Reviews with a photo or video', { exact: true }).click();
  await section.getByText('Single-use codes from a pool', { exact: true }).click();
  await section.getByLabel('Warn the owners when unused codes fall to').fill('2');
  await section.getByRole('button', { name: 'Save reward' }).click();
  await section.getByRole('status').filter({ hasText: 'Reward saved' }).waitFor();
  await section.getByText('0 unused codes in the pool (low)').waitFor();
  const chooser = page.waitForEvent('filechooser');
  await section.getByLabel('Add codes from a file').click();
  await (await chooser).setFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from('code\nTHANKS-1\nTHANKS-2\nTHANKS-3\nTHANKS-1\n') });
  await section.getByRole('button', { name: 'Upload codes' }).click();
  await section.getByText('3 codes added, 0 already in the pool; 3 unused now').waitFor();
  await section.getByText('3 unused codes in the pool').waitFor();
  await section.getByText('Offered now').waitFor();
  await page.reload();
  const reloaded = page.getByRole('region', { name: 'Rewards for reviews' });
  await reloaded.getByText('3 unused codes in the pool').waitFor();
  await reloaded.getByLabel('What the reward is').and(page.locator('[value="15% off your next order"]')).waitFor();
  assert.equal(await reloaded.getByLabel('Offer a reward in review-request emails').isChecked(), true);
  assert.equal(await reloaded.getByLabel('Warn the owners when unused codes fall to').inputValue(), '2');
  assert.equal(await reloaded.getByRole('radio', { name: 'Reviews with a photo or video' }).isChecked(), true);
}

test('the merchant console in Chromium: setup, sign-in, moderation, replies, bulk jobs, credentials, every page scanned', { timeout: 600_000 }, async (t) => {
  const server = await startBuiltServer(t);
  const browser = await launchChromium(t);
  const { base } = server;
  const { page, errors } = await newPage(browser);
  let shopId = '';
  let partner: PlauditClient | undefined;
  let publicToken = '';
  // The steps build on each other: after a failure the rest stop at once instead of waiting out their timeouts.
  let failed = '';
  const step = (name: string, fn: () => Promise<void>) =>
    t.test(name, async () => {
      if (failed) throw new Error(`not run: "${failed}" failed`);
      try {
        await fn();
      } catch (error) {
        failed = name;
        throw error;
      }
    });
  /** Whether the hosted reviews page shows the text (inside the widget's shadow root, which Playwright's text search enters). */
  const shownOnHostedPage = async (text: string) => {
    const hosted = await browser.newPage();
    await hosted.goto(`${base}/s/${SHOP}/reviews`);
    const count = await hosted.getByText(text).count();
    await hosted.close();
    return count > 0;
  };
  /** The hosted page caches reads for a few seconds, so a change is awaited. */
  const published = async (text: string, expected = true) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const shown = await shownOnHostedPage(text);
      if (shown === expected || Date.now() > deadline) return shown;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };

  await step('first run: the address leads to setup; the token from the log creates the owner and shop, credentials shown once', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/admin/setup`);
    await page.getByRole('heading', { name: 'Set up Plaudit' }).waitFor();
    await inspectPage(page, '01-setup');
    await page.getByLabel('Setup token').fill('not-the-token');
    await page.getByLabel('Your email').fill(OWNER.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(OWNER.password);
    await page.getByLabel('Shop domain').fill(SHOP);
    await page.getByLabel('Shop name').fill('Console Browser Shop');
    await page.getByRole('button', { name: 'Create owner and shop' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Setup token').fill(setupTokenFrom(server.log()));
    await page.getByRole('button', { name: 'Create owner and shop' }).click();
    await page.getByRole('heading', { name: 'Your shop is ready' }).waitFor();
    publicToken = await page.getByLabel('Public token', { exact: true }).inputValue();
    const privateToken = await page.getByLabel('Private token', { exact: true }).inputValue();
    assert.match(privateToken, /\S{16,}/);
    partner = new PlauditClient({ baseUrl: base, publicToken, privateToken });
    await inspectPage(page, '02-setup-credentials');
    await page.getByRole('link', { name: 'Open the console' }).click();
    await page.waitForURL(/\/admin\/shops\/(\d+)$/);
    shopId = /\/shops\/(\d+)/.exec(page.url())![1]!;
    // Setup is single use: the page now says so.
    await page.goto(`${base}/admin/setup`);
    await page.getByText('Setup is done').waitFor();
  });

  await step('sign out, then sign in again', async () => {
    await page.goto(`${base}/admin/shops/${shopId}/reviews`);
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/sign-in/);
    await inspectPage(page, '03-sign-in');
    // A deep link while signed out comes back after sign-in.
    await page.goto(`${base}/admin/shops/${shopId}/ledger`);
    await page.waitForURL(/\/admin\/sign-in\?next=/);
    await page.getByRole('textbox', { name: 'Email' }).fill(OWNER.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('wrong password!!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByRole('textbox', { name: 'Password' }).fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin/shops/${shopId}/ledger`);
  });

  await step('moderate a pending review: published on the storefront; reply shown on the hosted page', async () => {
    const created = await partner!.createReview({ rating: 5, author: 'Mia Pending', title: 'Lovely mug', content: 'Keeps coffee warm for ages.', product_id: '7001', is_published: 0 } as never);
    assert.equal(created.code, 0, created.message);
    assert.equal(await shownOnHostedPage('Keeps coffee warm for ages.'), false);
    await page.goto(`${base}/admin/shops/${shopId}/reviews?status=pending`);
    await page.getByText('1 matching review').waitFor();
    await inspectPage(page, '04-inbox');
    await page.getByRole('link', { name: 'Lovely mug' }).click();
    await page.getByRole('heading', { name: 'Review by Mia Pending' }).waitFor();
    await inspectPage(page, '05-review');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published', { exact: true }).first().waitFor();
    assert.equal(await published('Keeps coffee warm for ages.'), true);

    await page.getByLabel('Reply', { exact: true }).fill('Thank you, Mia!');
    await page.getByRole('button', { name: 'Publish reply' }).click();
    await page.getByText('Reply saved').waitFor();
    assert.equal(await published('Thank you, Mia!'), true);
    await page.goBack();
    await page.waitForURL(/\/reviews\?status=pending/);
  });

  await step('an XSS review is rendered as inert text', async () => {
    const created = await partner!.createReview({ rating: 1, author: XSS, title: XSS, content: XSS, product_id: '7001', is_published: 0 } as never);
    assert.equal(created.code, 0, created.message);
    await page.goto(`${base}/admin/shops/${shopId}/reviews?status=pending`);
    await page.getByText('1 matching review').waitFor();
    await page.getByRole('link', { name: XSS }).click();
    await page.getByText(XSS).first().waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
  });

  await step('keyboard-only moderation in the inbox: j/k move, p publishes, h hides with a reason', async () => {
    for (const author of ['Key One', 'Key Two']) {
      assert.equal((await partner!.createReview({ rating: 4, author, content: `written by ${author}`, product_id: '7002', is_published: 0 } as never)).code, 0);
    }
    await page.goto(`${base}/admin/shops/${shopId}/reviews?status=pending&sort=oldest`);
    await page.getByText('3 matching reviews').waitFor();
    await page.locator('body').focus();
    await page.keyboard.press('j'); // the first row is the XSS review; move to Key One
    await page.keyboard.press('p');
    await page.getByText('2 matching reviews').waitFor();
    await page.keyboard.press('k');
    await page.keyboard.press('h');
    await page.getByRole('dialog', { name: 'Hide this review' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('1 matching review').waitFor();
    assert.equal(await published('written by Key One'), true);
  });

  await step('new reviews appear in the inbox without a reload', async () => {
    await page.goto(`${base}/admin/shops/${shopId}/reviews?status=pending`);
    await page.getByText('1 matching review').waitFor();
    assert.equal((await partner!.createReview({ rating: 3, author: 'Late Arrival', content: 'arrived while the inbox was open', product_id: '7002', is_published: 0 } as never)).code, 0);
    await page.getByText('2 matching reviews').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'arrived while the inbox was open' }).waitFor();
  });

  await step('bulk-hide 500 reviews: "all N matching" with a progress bar', async () => {
    for (let i = 0; i < 500; i += 1) {
      const result = await partner!.createReview({ rating: 2, author: `Bulk ${i}`, content: `bulkseed review number ${i}`, product_id: '7003', is_published: 1 } as never);
      assert.equal(result.code, 0, result.message);
    }
    await page.goto(`${base}/admin/shops/${shopId}/reviews?q=bulkseed&status=published`);
    await page.getByText('500 matching reviews').waitFor();
    await page.getByLabel('Select every review on this page').check();
    await page.getByRole('button', { name: 'Select all 500 matching reviews' }).click();
    await page.getByText('All 500 matching reviews').waitFor();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Hide' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hide 500 reviews' });
    await dialog.getByRole('button', { name: 'Hide' }).click();
    // Attached, not visible: at 0 % the bar's filled section has no width.
    await page.getByRole('progressbar').waitFor({ state: 'attached' });
    await page.getByText('500 of 500 reviews changed').waitFor({ timeout: 120_000 });
    await page.getByText('No review matches these filters.').waitFor();
    await page.goto(`${base}/admin/shops/${shopId}/reviews?q=bulkseed&status=hidden`);
    await page.getByText('500 matching reviews').waitFor();
    const listed = await partner!.getReviews({ keyword: 'bulkseed', page: 1, page_size: 20, is_published: 1 } as never);
    assert.equal(listed.data.page.count, 0);
  });

  await step('rotate the API token: the new private token is shown once, the old one stops working', async () => {
    await page.goto(`${base}/admin/shops/${shopId}/integrations`);
    await page.getByRole('button', { name: 'Rotate private token' }).click();
    await page.getByRole('dialog', { name: 'Rotate the private token?' }).getByRole('button', { name: 'Rotate' }).click();
    const rotated = await page.getByLabel('New private token', { exact: true }).inputValue();
    assert.match(rotated, /\S{16,}/);
    const old = await partner!.getReviews({ page: 1, page_size: 1 } as never);
    assert.equal(old.code, 16, 'the old private token is refused');
    partner = new PlauditClient({ baseUrl: base, publicToken, privateToken: rotated });
    assert.equal((await partner.getReviews({ page: 1, page_size: 1 } as never)).code, 0);
  });

  await step('request sequence and hold rules: set on their pages, kept after a reload', async () => {
    await page.goto(`${base}/admin/shops/${shopId}/requests`);
    await page.getByRole('heading', { level: 1, name: 'Review requests' }).waitFor();
    await page.getByLabel('First reminder').fill('3');
    await page.getByLabel('Second reminder').fill('4');
    await page.getByLabel('Third reminder').fill('5');
    await page.getByLabel('Remind only shoppers who opened or clicked the previous email').check();
    await page.getByLabel('Daily send cap (emails, 0 = no cap)').fill('250');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Settings saved').waitFor();
    await page.reload();
    await page.getByLabel('Third reminder').and(page.locator('[value="5"]')).waitFor();
    assert.equal(await page.getByLabel('Second reminder').inputValue(), '4');
    assert.equal(await page.getByLabel('Daily send cap (emails, 0 = no cap)').inputValue(), '250');
    assert.equal(await page.getByLabel('Remind only shoppers who opened or clicked the previous email').isChecked(), true);

    await page.goto(`${base}/admin/shops/${shopId}/storefront`);
    await page.getByRole('heading', { level: 2, name: 'Hold for moderation' }).waitFor();
    await page.getByLabel('Reviews with links, email addresses or phone numbers').check();
    await page.getByLabel('Publish held reviews nobody rejected after (days, 0 = never)').fill('10');
    await page.getByRole('button', { name: 'Save moderation rules' }).click();
    await page.getByRole('status').getByText('Moderation rules saved').waitFor();
    await page.reload();
    await page.getByLabel('Publish held reviews nobody rejected after (days, 0 = never)').and(page.locator('[value="10"]')).waitFor();
    assert.equal(await page.getByLabel('Reviews with links, email addresses or phone numbers').isChecked(), true);
  });

  await step('rewards: an offer for reviews with media from a pool of codes uploaded as a file, kept after a reload, scanned and photographed', async () => {
    await page.goto(`${base}/admin/shops/${shopId}/requests`);
    await page.getByRole('heading', { level: 1, name: 'Review requests' }).waitFor();
    await rewardIsOfferedFromAPool(page);
    await page.getByRole('region', { name: 'Rewards for reviews' }).scrollIntoViewIfNeeded();
    await inspectPage(page, '08b-rewards');
  });

  await step('questions: a shopper asks, the merchant answers and publishes it from the console', async () => {
    const asked = await fetch(`${base}/api/v1/reviews/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shop: SHOP, product_id: '42', question: 'Is the mug dishwasher safe?', author: 'Dana', author_email: 'dana@example.com' }),
    });
    assert.equal(((await asked.json()) as { code: number }).code, 0);
    await page.goto(`${base}/admin/shops/${shopId}/questions`);
    const card = page.getByRole('article', { name: 'Question from Dana' });
    await card.getByText('Is the mug dishwasher safe?').waitFor();
    await card.getByLabel('Your answer').fill('Yes, on the top rack.');
    await card.getByRole('button', { name: 'Answer', exact: true }).click();
    await card.getByText('Yes, on the top rack.').waitFor();
    await card.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published', { exact: true }).click();
    await page.getByRole('article', { name: 'Question from Dana' }).getByText('published').waitFor();
    const shown = (await (await fetch(`${base}/api/v1/reviews/get_product_questions?shop=${SHOP}&product_id=42`)).json()) as { data: { list: { content: string; answers: { content: string }[] }[] } };
    assert.deepEqual(
      shown.data.list.map((q) => [q.content, q.answers.map((a) => a.content)]),
      [['Is the mug dishwasher safe?', ['Yes, on the top rack.']]],
    );
  });

  await step('every page: reachable by URL, no serious accessibility violation, screenshots', async () => {
    const pages: [string, string, string][] = [
      ['06-dashboard', '', 'Dashboard'],
      ['07-products', '/products', 'Products'],
      ['08-requests', '/requests', 'Review requests'],
      ['09-storefront', '/storefront', 'Storefront'],
      ['10-integrations', '/integrations', 'Integrations'],
      ['11-team', '/team', 'Team'],
      ['11b-questions', '/questions', 'Questions'],
      ['12-ledger', '/ledger', 'Moderation ledger'],
    ];
    for (const [name, path, heading] of pages) {
      await page.goto(`${base}/admin/shops/${shopId}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await inspectPage(page, name);
      if (path === '/storefront') await starColourChangesThePreview(page);
      if (path === '/requests') await emailWordingIsPreviewedAndSaved(page);
    }
    await page.goto(`${base}/admin/account`);
    await page.getByRole('heading', { level: 1, name: 'Account and security' }).waitFor();
    await inspectPage(page, '13-account');
    // The back button returns to the previous page of the app.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Moderation ledger' }).waitFor();
  });

  assert.deepEqual(errors, []);
});
