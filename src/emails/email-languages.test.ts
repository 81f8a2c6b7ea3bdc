import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { runCommand } from '../cli/testkit.ts';
import { orderCommands } from '../orders/orders.cli.ts';
import { upsertProduct } from '../products/products.service.ts';
import { updateEmailSettings } from './settings.service.ts';
import { DAY, emailTestApp, linksOf, listen } from './emails.testkit.ts';
import { EMAIL_LANGUAGES, emailMessages } from './i18n/index.ts';

const order = (id: number, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  order_name: `#${id}`,
  customer: { id: 9000 + id, email: `buyer${id}@example.com`, first_name: 'Léa', last_name: 'Martin' },
  line_items: [
    { product_id: 111, title: 'Red shirt' },
    { product_id: 222, title: 'Blue hat' },
  ],
  created_at: '2026-05-30 10:00:00',
  fulfilled_at: '2026-06-01 12:00:00',
  ...extra,
});
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const htmlOf = (mail: ParsedMail) => (typeof mail.html === 'string' ? mail.html : '');

async function sentApp(t: Parameters<typeof emailTestApp>[0], orders: object[], language?: 'de' | 'ar') {
  const env = await emailTestApp(t);
  const { db } = env.database;
  if (language) await updateEmailSettings({ db, clock: env.clock }, env.shopA.shopId, { language });
  await upsertProduct({ db, clock: env.clock }, env.shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt', image: 'https://cdn.example.com/red.jpg' });
  await upsertProduct({ db, clock: env.clock }, env.shopA.shopId, { product_id: '222', handle: 'blue-hat', title: 'Blue hat', image: 'https://cdn.example.com/hat.jpg' });
  const pushed = await env.shopA.client.call('POST', 'push_orders', { body: { orders } });
  assert.equal(pushed.code, 0, pushed.message);
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  return { ...env, get: await listen(env.app) };
}

test("the order's locale (fr-CA) wins over the shop's default (de): French email, star links preselect the rating, one page reviews both products", async (t) => {
  const env = await sentApp(t, [order(1, { locale: 'fr-CA' })], 'de');
  const { smtp, get, shopA } = env;
  assert.equal(smtp.messages.length, 1);
  const mail = smtp.messages[0]!;
  assert.equal(mail.subject, 'Comment s’est passée votre commande chez shop-a.myshopify.com ?');
  const html = htmlOf(mail);
  assert.match(html, /^<!doctype html><html lang="fr" dir="ltr">/);
  assert.match(html, /<h1[^>]*>Votre avis compte<\/h1>/);
  assert.match(html, /Bonjour Léa,/);
  assert.match(html, /src="https:\/\/cdn\.example\.com\/hat\.jpg" alt="Blue hat"/);
  assert.match(mail.text ?? '', /Bonjour Léa,\n\nMerci pour votre commande #1 chez shop-a\.myshopify\.com\./);
  assert.match(mail.text ?? '', /Blue hat\nÉcrire un avis: https:\/\/reviews\.example\.com\/r\/review\?t=/);
  assert.match(mail.text ?? '', /Se désabonner: https:\/\/reviews\.example\.com\/r\/unsubscribe\?t=/);
  const links = linksOf(mail);
  assert.equal(links.stars.length, 10);
  assert.match(html, /title="4 étoiles sur 5"/);

  const hatFour = links.stars.find((l) => l === `${links.review[1]}&rating=4`)!;
  const form = await get(hatFour);
  assert.equal(form.status, 200);
  const page = await form.text();
  assert.match(page, /^<!doctype html><html lang="fr" dir="ltr">/);
  assert.match(page, /<h1>Évaluez votre commande<\/h1>/);
  assert.match(page, /<h2 id="p0">Blue hat<\/h2>.*<h2 id="p1">Red shirt<\/h2>/s, 'the clicked product first');
  assert.match(page, /<input type="radio" name="rating_222" value="4" id="r4-0" checked>/);
  assert.doesNotMatch(page, /name="rating_111" value="\d" id="r\d-1" checked/);
  assert.match(page, /<img src="https:\/\/cdn\.example\.com\/red\.jpg" alt="Red shirt"/);
  assert.equal((await get(`${links.review[1]}&rating=9`).then((r) => r.text())).includes(' checked>'), false, 'a rating outside 1-5 chooses none');

  const body = new URLSearchParams({ author: 'Léa M.', rating_222: '4', title_222: 'Joli', content_222: 'Très bien', rating_111: '2', content_111: 'Trop petit' });
  const sent = await get(links.review[1]!, { method: 'POST', headers: FORM, body: body.toString() });
  assert.equal(sent.status, 200);
  const thanks = await sent.text();
  assert.match(thanks, /<h1>Merci<\/h1><p>Votre avis sur Blue hat a bien été reçu\.<\/p><p>Votre avis sur Red shirt a bien été reçu\.<\/p>/);
  const reviews = (await shopA.client.getReviews()).data.list.sort((a, b) => a.product_id.localeCompare(b.product_id));
  assert.deepEqual(
    reviews.map((r) => [r.product_id, r.rating, r.author, r.title, r.content, r.is_verified, r.source]),
    [
      ['111', 2, 'Léa M.', '', 'Trop petit', 1, 'Email request'],
      ['222', 4, 'Léa M.', 'Joli', 'Très bien', 1, 'Email request'],
    ],
  );
  const status = await shopA.client.call<{ list: { status: number }[] }>('GET', 'get_orders', {});
  assert.equal(status.data.list[0]!.status, 5, 'Evaluated');
  const submitted = env.events.emitted.filter((e) => e.topic === 'customer_event/created' && (e.data as { event_type: string }).event_type === 'SUBMIT_REVIEW');
  assert.equal(submitted.length, 2);
  const done = await get(links.review[0]!);
  assert.match(await done.text(), /Vous avez déjà évalué ce produit\./, 'every product reviewed: the page says so, in French');
});

test('shop default Arabic: right-to-left email and form; an unsupported order locale falls back to it; unsubscribe pages follow', async (t) => {
  const env = await sentApp(t, [order(2, { locale: 'sw-KE' })], 'ar');
  const mail = env.smtp.messages[0]!;
  assert.equal(mail.subject, 'كيف كان طلبك من shop-a.myshopify.com؟');
  assert.match(htmlOf(mail), /^<!doctype html><html lang="ar" dir="rtl">/);
  assert.match(htmlOf(mail), /<td valign="top" style="padding-right:16px;text-align:right">/, 'the text sits on the right of the picture');
  const links = linksOf(mail);
  const page = await (await env.get(links.stars[4]!)).text();
  assert.match(page, /^<!doctype html><html lang="ar" dir="rtl">/);
  assert.match(page, /<h1>قيّم طلبك<\/h1>/);
  assert.match(page, /name="rating_111" value="5" id="r5-0" checked/);
  assert.match(await (await env.get(links.unsubscribe)).text(), /<html lang="ar" dir="rtl">.*إلغاء الاشتراك/s);
});

test('every language has every text: emails and pages carry no English left-over (placeholders kept)', () => {
  const english = emailMessages('en');
  for (const language of EMAIL_LANGUAGES.filter((l) => l !== 'en')) {
    const m = emailMessages(language);
    assert.deepEqual(Object.keys(m).sort(), Object.keys(english).sort(), language);
    for (const [key, text] of Object.entries(m)) {
      assert.ok(text.trim().length > 0, `${language}.${key}`);
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      assert.deepEqual(placeholders(text), placeholders(english[key as keyof typeof english]), `${language}.${key} keeps the placeholders`);
    }
    const same = Object.keys(m).filter((k) => m[k as keyof typeof m] === english[k as keyof typeof english]);
    assert.ok(same.length <= 2, `${language}: untranslated ${same.join(', ')}`);
  }
});

test('the hosted form refuses bad input without writing anything: no rating, a bad rating, foreign or missing media, a reviewed product', async (t) => {
  const env = await sentApp(t, [order(3)]);
  const links = linksOf(env.smtp.messages[0]!);
  const before = await env.snapshot();
  const mediaPrefix = `${env.services.config.media.publicUrl}/${env.shopA.shopId}/2026/6/8/`;
  const cases: [Record<string, string>, RegExp][] = [
    [{ author: 'Ann' }, /Choose a rating for at least one product\./],
    [{ author: 'Ann', rating_111: '5', rating_222: '0' }, /Blue hat: Choose a rating from 1 to 5 stars\./],
    [{ author: '', rating_111: '5' }, /Enter your name/],
    [{ author: 'Ann', rating_111: '5', title_111: 't'.repeat(301) }, /Red shirt: The title can be at most 300 characters\./],
    [{ author: 'Ann', rating_111: '5', photos_111: 'https://evil.example/x.png' }, /Red shirt: A photo or video was not accepted/],
    [{ author: 'Ann', rating_111: '5', photos_111: `${env.services.config.media.publicUrl}/${env.shopB.shopId}/2026/6/8/x.png` }, /A photo or video was not accepted/],
    [{ author: 'Ann', rating_111: '5', photos_111: `${mediaPrefix}never-uploaded.png` }, /A photo or video was not accepted/],
    [{ author: 'Ann', rating_222: '5', video_222: `${mediaPrefix}never-uploaded.mp4` }, /Blue hat: A photo or video was not accepted/],
  ];
  for (const [fields, message] of cases) {
    const res = await env.get(links.review[0]!, { method: 'POST', headers: FORM, body: new URLSearchParams(fields).toString() });
    assert.equal(res.status, 400, JSON.stringify(fields).slice(0, 80));
    const page = await res.text();
    assert.match(page, message);
    assert.match(page, /<ul class="error" role="alert">/);
  }
  const kept = await env.get(links.review[0]!, { method: 'POST', headers: FORM, body: new URLSearchParams({ author: 'Ann', rating_111: '4', content_111: 'Nice <b>', rating_222: '9' }).toString() });
  assert.match(await kept.text(), /name="rating_111" value="4" id="r4-0" checked>.*>Nice &lt;b&gt;<\/textarea>.*value="Ann"/s, 'what was typed comes back');
  assert.deepEqual(await env.snapshot(), before, 'nothing written');

  assert.equal((await env.get(links.review[1]!, { method: 'POST', headers: FORM, body: 'author=Ann&rating_222=3' })).status, 200);
  const again = await env.get(links.review[0]!, { method: 'POST', headers: FORM, body: 'author=Ann&rating_111=5&rating_222=1' });
  assert.equal(again.status, 409, 'a product already reviewed: nothing of the post is written');
  assert.equal((await env.shopA.client.getReviews()).data.list.length, 1);
  const page = await (await env.get(links.review[0]!)).text();
  assert.match(page, /<h2 id="p1">Blue hat<\/h2><\/div><p class="badge">Already reviewed<\/p>/);
  assert.doesNotMatch(page, /name="rating_222"/);
});

test("upload credentials for the form: only for an open form of a valid link, always in the link's own shop folder", async (t) => {
  const env = await sentApp(t, [order(4, { line_items: [{ product_id: 111, title: 'Red shirt' }] })]);
  const link = new URL(linksOf(env.smtp.messages[0]!).review[0]!);
  const token = link.searchParams.get('t')!;
  const policy = await env.get(`https://x/r/upload-policy?t=${token}`);
  assert.equal(policy.status, 200);
  const credentials = (await policy.json()) as { dir: string; host: string; policy: string };
  assert.equal(credentials.dir, `${env.shopA.shopId}/2026/6/8/`);
  assert.equal(credentials.host, env.services.config.media.publicUrl);
  const video = await env.get(`https://x/r/video-upload?t=${token}&content_type=video/webm`, { method: 'POST' });
  assert.equal(video.status, 200);
  const target = (await video.json()) as { upload_url: string; video_url: string };
  assert.match(target.video_url, new RegExp(`/${env.shopA.shopId}/2026/6/8/[0-9a-f-]{36}\\.webm$`));
  const refused = await env.get(`https://x/r/video-upload?t=${token}&content_type=text/html`, { method: 'POST' });
  assert.deepEqual([refused.status, ((await refused.json()) as { code: number }).code], [200, 3]);
  for (const bad of [`https://x/r/upload-policy?t=${token}x`, `https://x/r/upload-policy?t=${linksOf(env.smtp.messages[0]!).unsubscribe.split('t=')[1]}`]) {
    const res = await env.get(bad);
    assert.equal(((await res.json()) as { code: number }).code, 5, bad);
  }
  assert.equal((await env.get(link.href, { method: 'POST', headers: FORM, body: 'author=Ann&rating=5' })).status, 200);
  const closed = await env.get(`https://x/r/upload-policy?t=${token}`);
  assert.equal(((await closed.json()) as { code: number }).code, 5, 'reviewed: no more uploads');
});

test('order intake carries the language: push_orders locale (checked: code 3 naming the field), Shopify customer_locale; the email follows it', async (t) => {
  const env = await emailTestApp(t);
  const before = await env.snapshot();
  for (const locale of ['fr_CA<script>', 'x'.repeat(36), '12']) {
    const refused = await env.shopA.client.call('POST', 'push_orders', { body: { orders: [order(1), order(2, { locale })] } });
    assert.equal(refused.code, 3, locale);
    assert.match(refused.message, /orders\[1\]\.locale/);
  }
  assert.deepEqual(await env.snapshot(), before, 'all or nothing');

  const secret = 'shpss_test_0123456789abcdef';
  await runCommand(env, orderCommands, ['orders', 'shopify-secret', '--domain', 'shop-a.myshopify.com', '--secret', secret]);
  const shopify = JSON.stringify({
    id: 5001,
    name: '#5001',
    email: 'kei@example.com',
    customer_locale: 'ja-JP',
    financial_status: 'paid',
    fulfillment_status: 'fulfilled',
    customer: { id: 77, first_name: '恵', last_name: '山田' },
    line_items: [{ product_id: 111, title: 'Red shirt' }],
    fulfillments: [{ created_at: '2026-06-01T12:00:00Z' }],
    created_at: '2026-05-30T10:00:00Z',
  });
  const delivered = await env.app.inject({
    method: 'POST',
    url: '/integrations/shopify/webhooks',
    payload: shopify,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/fulfilled',
      'x-shopify-shop-domain': 'shop-a.myshopify.com',
      'x-shopify-webhook-id': 'wh-1',
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(shopify).digest('base64'),
    },
  });
  assert.equal(delivered.statusCode, 200, delivered.body);
  await env.shopA.client.call('POST', 'push_orders', { body: { orders: [order(6, { locale: 'pt-BR' })] } });
  const csv = join(mkdtempSync(join(tmpdir(), 'plaudit-orders-')), 'orders.csv');
  writeFileSync(csv, 'order_id,customer_email,first_name,product_ids,fulfilled_at,locale\n7,ana@example.com,Ana,111,2026-06-01 12:00:00,es-MX\n8,bad@example.com,B,111,2026-06-01 12:00:00,??\n');
  const imported = JSON.parse(await runCommand(env, orderCommands, ['orders', 'import', '--domain', 'shop-a.myshopify.com', '--json', csv]));
  assert.deepEqual([imported.imported, imported.rejected.length], [1, 1], JSON.stringify(imported));
  assert.match(JSON.stringify(imported.rejected[0]), /locale/);
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  const subjects = env.smtp.messages.map((m) => m.subject).sort();
  assert.deepEqual(subjects, ['Como foi o seu pedido na shop-a.myshopify.com?', 'shop-a.myshopify.comでのご注文はいかがでしたか？', '¿Qué tal tu pedido de shop-a.myshopify.com?']);
  const japanese = env.smtp.messages.find((m) => m.subject?.includes('ご注文'))!;
  assert.match(japanese.text ?? '', /恵 様/);
});
