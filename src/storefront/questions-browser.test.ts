import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { axeViolations, launchChromium, SCREENSHOT_DIR, startDemoServer } from '../../test/browser.ts';
import { runCommand } from '../cli/testkit.ts';
import { startSmtpServer } from '../emails/emails.testkit.ts';
import { questionCommands } from '../questions/questions.cli.ts';
import { DEMO_SHOP } from './demo.ts';

const widget = '.trustoo-widget[data-widget=product-reviews]';
const questionTexts = (page: Page) => page.locator(`${widget} #pl-pq .qt`).allTextContents();

test('the Q&A tab in Chromium: read, search, ask, the store answers, the asker gets the email, vote; no JavaScript needed on the hosted page', async (t) => {
  const smtp = await startSmtpServer();
  const server = await startDemoServer(t, { SMTP_URL: smtp.url });
  t.after(async () => {
    server.app.mailer.close();
    await smtp.close();
  });
  const { app, base } = server;
  const api = async (path: string) => (await app.inject({ method: 'GET', url: `/api/v1/reviews/${path}` })).json().data;
  const browser = await launchChromium(t);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const demo = `${base}/s/${DEMO_SHOP}/demo/linen-shirt`;
  const openTab = async () => {
    await page.getByRole('tab', { name: /Questions/ }).click();
    await page.waitForFunction((sel) => !document.querySelector(sel)!.shadowRoot!.querySelector('#pl-pq')!.hasAttribute('hidden'), widget);
  };

  await t.test('server-rendered and script-only alike: the tab shows the published questions and answers of the API', async () => {
    const listed = await api(`get_product_questions?shop=${DEMO_SHOP}&product_id=8001&limit=5`);
    assert.equal(listed.page.count, 3);
    for (const mode of ['', '?embed=script']) {
      await page.goto(demo + mode);
      await page.waitForFunction((sel) => document.querySelector(sel)?.shadowRoot?.querySelector('[role=tab]'), widget);
      assert.equal(await page.getByRole('tab', { name: 'Questions (3)' }).getAttribute('aria-selected'), 'false');
      assert.equal(await page.getByRole('tab', { name: /^Reviews \(\d+\)$/ }).getAttribute('aria-selected'), 'true');
      await openTab();
      assert.deepEqual(
        await questionTexts(page),
        listed.list.map((q: { content: string }) => `Q: ${q.content}`),
        mode,
      );
      assert.equal(await page.locator(`${widget} #pl-pq .an`).count(), 2, 'two answered questions');
      assert.equal(await page.locator(`${widget} #pl-pq .qe`).first().textContent(), 'Not answered yet');
      assert.deepEqual(await axeViolations(page, undefined, ['minor', 'moderate', 'serious', 'critical']), [], `axe with the Q&A tab open ${mode}`);
    }
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.locator(widget).screenshot({ path: `${SCREENSHOT_DIR}/qa-tab-desktop.png` });
  });

  await t.test('search and sort reload the tab from the API', async () => {
    await page.goto(demo);
    await openTab();
    await page.getByRole('searchbox', { name: 'Search questions' }).fill('iron');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForFunction((sel) => document.querySelector(sel)!.shadowRoot!.querySelectorAll('#pl-pq .qt').length === 1, widget);
    assert.deepEqual(await questionTexts(page), ['Q: Can I iron it on high heat?']);
    await page.getByRole('searchbox', { name: 'Search questions' }).fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The sort changes while the cleared search may still be loading: whichever answer comes last, the newest request wins.
    await page.locator(`${widget} select[name=qa_sort]`).selectOption('created-descending');
    const newest = await api(`get_product_questions?shop=${DEMO_SHOP}&product_id=8001&limit=5&sort_by=created-descending`);
    const expected = newest.list.map((q: { content: string }) => `Q: ${q.content}`);
    assert.equal(expected.length, 3);
    await page.waitForFunction(
      ([sel, texts]) => [...document.querySelector(sel!)!.shadowRoot!.querySelectorAll('#pl-pq .qt')].map((q) => q.textContent).join('|') === texts,
      [widget, expected.join('|')],
    );
    await page.waitForTimeout(300);
    assert.deepEqual(await questionTexts(page), expected, 'a late answer to an older request does not replace the list');
    assert.equal(await page.locator(`${widget} select[name=qa_sort]`).inputValue(), 'created-descending');
  });

  await t.test('a shopper asks by keyboard; the store answers with the CLI; the asker receives the answer by email', async () => {
    await page.goto(`${demo}?embed=script`);
    await openTab();
    await page.locator(`${widget} summary`).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Is it see-through in white?');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Noor');
    await page.keyboard.press('Tab');
    await page.keyboard.type('noor@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction((sel) => document.querySelector(sel)!.shadowRoot!.querySelector('.qms')!.textContent!.includes('appear once it is answered'), widget);
    const shop = await app.db.selectFrom('shops').select('id').where('domain', '=', DEMO_SHOP).executeTakeFirstOrThrow();
    const asked = await app.db
      .selectFrom('questions')
      .select(['id', 'status', 'author', 'author_email'])
      .where('shop_id', '=', shop.id)
      .where('content', '=', 'Is it see-through in white?')
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...asked, id: undefined }, { id: undefined, status: 'pending', author: 'Noor', author_email: 'noor@example.com' });

    await runCommand(server, questionCommands, ['questions', 'answer', '--domain', DEMO_SHOP, '--id', String(asked.id), '--text', 'Only slightly; most customers wear it as is.']);
    await runCommand(server, questionCommands, ['questions', 'publish', '--domain', DEMO_SHOP, '--id', String(asked.id)]);
    await server.worker.runOnce();
    const mail = smtp.messages.find((m) => m.to && !Array.isArray(m.to) && m.to.text === 'noor@example.com');
    assert.ok(mail, 'the asker was emailed');
    assert.equal(mail.subject, 'Your question about Linen shirt was answered');
    assert.match(mail.text ?? '', /Is it see-through in white\?/);
    assert.match(mail.text ?? '', /Plaudit Demo Store answered:\n\nOnly slightly; most customers wear it as is\./);

    // Storefront reads are cached (a few seconds on the server, 60 s in browsers): a later visit sees the answer.
    server.clock.advance(61_000);
    const later = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await later.goto(`${demo}?embed=script`);
    await later.getByRole('tab', { name: /Questions/ }).click();
    await later.locator(`${widget} select[name=qa_sort]`).selectOption('created-descending');
    await later.waitForFunction((sel) => document.querySelector(sel)!.shadowRoot!.querySelector('#pl-pq .qt')?.textContent === 'Q: Is it see-through in white?', widget);
    assert.equal(await later.getByRole('tab', { name: /Questions/ }).textContent(), 'Questions (4)');
    assert.equal(await later.locator(`${widget} #pl-pq .an p`).first().textContent(), 'A: Only slightly; most customers wear it as is.');
  });

  await t.test('helpful on an answer: counted once per visitor', async () => {
    await page.goto(`${demo}?embed=script`);
    await openTab();
    const button = page.locator(`${widget} #pl-pq [data-ahelpful]`).first();
    const id = await button.getAttribute('data-ahelpful');
    await button.click();
    await page.waitForFunction((sel) => document.querySelector(sel)!.shadowRoot!.querySelector('[data-ahelpful][aria-pressed=true]'), widget);
    assert.equal(await button.textContent(), 'Helpful (1)');
    await page.reload();
    await openTab();
    await page.locator(`${widget} [data-ahelpful="${id}"]`).click();
    await page.waitForFunction((sel) => document.querySelector(sel)!.shadowRoot!.querySelector('[data-ahelpful][aria-pressed=true]'), widget);
    assert.equal(await page.locator(`${widget} [data-ahelpful="${id}"]`).textContent(), 'Helpful (1)');
    const votes = await app.db.selectFrom('answer_votes').select('answer_id').execute();
    assert.deepEqual(
      votes.map((v) => String(v.answer_id)),
      [id],
    );
  });

  await t.test('without JavaScript the hosted product page opens the tab, searches and takes a question', async () => {
    const noJs = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } })).newPage();
    await noJs.goto(`${base}/s/${DEMO_SHOP}/products/linen-shirt/reviews`);
    await noJs.getByRole('tab', { name: /Questions/ }).click();
    await noJs.waitForURL(/tab=questions/);
    assert.ok((await questionTexts(noJs)).includes('Q: Is the linen pre-washed?'));
    await noJs.getByRole('searchbox', { name: 'Search questions' }).fill('long-sleeve');
    await noJs.getByRole('button', { name: 'Search', exact: true }).click();
    await noJs.waitForURL(/qa_q=long-sleeve/);
    assert.deepEqual(await questionTexts(noJs), ['Q: Does it come in a long-sleeve version?']);
    await noJs.screenshot({ path: `${SCREENSHOT_DIR}/qa-hosted-no-js-phone.png` });
    await noJs.locator(`${widget} summary`).click();
    await noJs.getByLabel('Your question').fill('Is there a matching dress?');
    await noJs.getByLabel('Name').fill('Ada');
    await noJs.getByLabel('Email (for the answer, not published)').fill('ada@example.com');
    await noJs.getByRole('button', { name: 'Send question' }).click();
    await noJs.waitForURL(/\/thanks\?status=asked$/);
    assert.equal(await noJs.getByRole('heading', { level: 1 }).textContent(), 'Thank you! Your question will appear once it is answered.');
    const row = await app.db.selectFrom('questions').select(['status', 'author', 'product_id']).where('author_email', '=', 'ada@example.com').executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'pending', author: 'Ada', product_id: '8001' });
  });

  assert.deepEqual(errors, []);
});
