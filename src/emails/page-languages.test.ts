import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { upsertProduct } from '../products/products.service.ts';
import { ask, newestQuestionId, seedProduct } from '../questions/questions.testkit.ts';
import { EMAIL_LANGUAGES, texts } from './i18n/index.ts';
import { updateEmailSettings } from './settings.service.ts';
import { DAY, emailTestApp, linksOf, listen, postUploadForm } from './emails.testkit.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const to = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : '');
const hrefOf = (mail: ParsedMail, path: string) => {
  const link = new RegExp(`href="(https://reviews\\.example\\.com${path}\\?t=[^"]+)"`).exec(typeof mail.html === 'string' ? mail.html : '')?.[1];
  assert.ok(link, `the email links to ${path}`);
  return link.replace(/&amp;/g, '&');
};
const textLinkOf = (mail: ParsedMail, path: string) => new RegExp(`https://reviews\\.example\\.com${path}\\?t=[A-Za-z0-9_.-]+`).exec(mail.text ?? '')![0];
const order = (id: number, email: string, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  order_name: `#${id}`,
  customer: { id: 700 + id, email, first_name: 'Kim' },
  line_items: [{ product_id: 1001, title: 'Red shirt' }],
  fulfilled_at: '2026-06-01 12:00:00',
  ...extra,
});
const tamper = (link: string) => link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));

test("postpone pages speak the order's language (fr), else the shop's default (ar, right to left), dates written the language's way; a link that does not verify follows Accept-Language", async (t) => {
  const env = await emailTestApp(t);
  const { db } = env.database;
  await updateEmailSettings({ db, clock: env.clock }, env.shopA.shopId, { language: 'ar' });
  await seedProduct(env);
  const pushed = await env.shopA.client.call('POST', 'push_orders', { body: { orders: [order(1, 'lea@example.com', { locale: 'fr-FR' }), order(2, 'omar@example.com')] } });
  assert.equal(pushed.code, 0, pushed.message);
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  const mailTo = (email: string) => env.smtp.messages.find((m) => to(m) === email)!;
  const get = await listen(env.app);
  const french = hrefOf(mailTo('lea@example.com'), '/r/postpone');
  const arabic = hrefOf(mailTo('omar@example.com'), '/r/postpone');

  const offer = await get(french);
  assert.equal(offer.status, 200);
  const offerHtml = await offer.text();
  assert.match(offerHtml, /^<!doctype html><html lang="fr" dir="ltr">/);
  assert.match(offerHtml, /<h1>Commande pas encore reçue \?<\/h1><p>Nous vous demanderons votre avis dans 7 jours\.<\/p>/);
  assert.match(offerHtml, /<button type="submit">Me le redemander plus tard<\/button>/);
  const moved = await get(french, { method: 'POST', headers: FORM, body: '' });
  assert.equal(moved.status, 200);
  assert.match(await moved.text(), /<html lang="fr" dir="ltr">.*<h1>Merci<\/h1><p>Nous vous demanderons votre avis le 15 juin 2026\.<\/p>/s);

  const arabicOffer = await (await get(arabic)).text();
  assert.match(arabicOffer, /^<!doctype html><html lang="ar" dir="rtl">/, 'no locale on the order: the shop default');
  assert.match(arabicOffer, /<h1>لم يصل طلبك بعد؟<\/h1><p>سنطلب تقييمك بعد 7 يوم بدلًا من ذلك\.<\/p>/);
  const arabicMoved = await (await get(arabic, { method: 'POST', headers: FORM, body: '' })).text();
  assert.match(arabicMoved, /<h1>شكرًا لك<\/h1><p>سنطلب تقييمك في 15 يونيو 2026\.<\/p>/);

  // Reviewed: nothing left to postpone, said in French.
  const review = linksOf(mailTo('lea@example.com')).review[0]!;
  assert.equal((await get(review, { method: 'POST', headers: FORM, body: 'author=L%C3%A9a&rating=5' })).status, 200);
  const closed = await get(french);
  assert.equal(closed.status, 410);
  assert.match(await closed.text(), /<html lang="fr" dir="ltr">.*<h1>Rien à reporter<\/h1><p>Cette commande n’a plus de demande d’avis à envoyer\.<\/p>/s);

  for (const [acceptLanguage, expected] of [
    ['de-CH,de;q=0.9,en;q=0.8', /<html lang="de" dir="ltr">.*<h1>Link ungültig<\/h1>/s],
    ['sw, en;q=0.2, ar-EG;q=0.5', /<html lang="ar" dir="rtl">.*<h1>رابط غير صالح<\/h1>/s],
    ['ja;q=0, nl;q=0.1', /<html lang="nl" dir="ltr">.*<h1>Link ongeldig<\/h1>/s],
    ['', /<html lang="en" dir="ltr">.*<h1>Link not valid<\/h1>/s],
  ] as const) {
    for (const link of [tamper(french), tamper(review)]) {
      const refused = await get(link, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
      assert.equal(refused.status, 404);
      assert.match(await refused.text(), expected, `${acceptLanguage} ${link.includes('postpone') ? 'postpone' : 'review'}`);
    }
  }
});

test("the author's pages speak the review's language: its order's locale (fr), else its author's orders (ar), else the shop's default (de)", async (t) => {
  const env = await emailTestApp(t);
  const { db } = env.database;
  await updateEmailSettings({ db, clock: env.clock }, env.shopA.shopId, { language: 'de' });
  await upsertProduct({ db, clock: env.clock }, env.shopA.shopId, { product_id: '1001', handle: 'red-shirt', title: 'Red shirt' });
  await env.shopA.client.call('POST', 'push_orders', { body: { orders: [order(1, 'lea@example.com', { locale: 'fr' }), order(2, 'omar@example.com', { locale: 'ar-EG' })] } });
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  const get = await listen(env.app);
  const request = env.smtp.messages.find((m) => to(m) === 'lea@example.com')!;
  assert.equal((await get(linksOf(request).review[0]!, { method: 'POST', headers: FORM, body: 'author=L%C3%A9a&rating=5&content=Tr%C3%A8s+bien' })).status, 200);
  const submitted = await env.app.inject({
    method: 'POST',
    url: '/api/v1/reviews/submit',
    payload: { shop: 'shop-a.myshopify.com', product_id: '1001', rating: 5, content: 'ممتاز', author: 'Omar', author_email: 'Omar@Example.com', consent: 1, website: '' },
  });
  assert.equal(submitted.json().code, 0, submitted.body);
  const sent = env.smtp.messages.length;
  await env.worker.runOnce();
  const confirmations = env.smtp.messages.slice(sent);
  const manageOf = (email: string) =>
    textLinkOf(
      confirmations.find((m) => to(m) === email)!,
      '/r/my-review',
    );

  const french = manageOf('lea@example.com');
  const page = await (await get(french)).text();
  assert.match(page, /^<!doctype html><html lang="fr" dir="ltr">/);
  assert.match(page, /<h1>Votre avis sur Red shirt<\/h1>/);
  assert.match(page, /<legend>Votre note<\/legend>/);
  assert.match(page, /<button type="submit">Enregistrer les modifications<\/button>/);
  assert.match(page, /<label for="file">Ajouter une photo \(JPEG, PNG, WebP, GIF ou AVIF\)<\/label>/);
  assert.match(page, /<h2>Supprimer votre avis<\/h2>/);
  const bad = await get(french, { method: 'POST', headers: FORM, body: 'rating=9&content=x' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /<li>Choisissez une note de 1 à 5 étoiles\.<\/li>/);
  const saved = await get(french, { method: 'POST', headers: FORM, body: 'rating=4&title=Bien&content=Bien' });
  assert.match(await saved.text(), /<strong>Vos modifications sont enregistrées\.<\/strong>/);
  const unconfirmed = await get(french.replace('/r/my-review', '/r/my-review/delete'), { method: 'POST', headers: FORM, body: '' });
  assert.equal(unconfirmed.status, 400);
  assert.match(await unconfirmed.text(), /Cochez la case pour confirmer la suppression\./);

  const arabic = manageOf('omar@example.com');
  const arabicPage = await (await get(arabic)).text();
  assert.match(arabicPage, /^<!doctype html><html lang="ar" dir="rtl">/, 'a storefront review: the language of its author’s orders');
  assert.match(arabicPage, /<h1>مراجعتك لـ Red shirt<\/h1>/);
  env.clock.advance(2 * DAY);
  await env.worker.runOnce();
  const photoRequest = env.smtp.messages.find((m) => to(m) === 'omar@example.com' && m.text?.includes('/r/photo?'))!;
  const photo = await (await get(textLinkOf(photoRequest, '/r/photo'))).text();
  assert.match(photo, /^<!doctype html><html lang="ar" dir="rtl">/);
  assert.match(photo, /<h1>أضف صورة إلى مراجعتك لـ Red shirt<\/h1>.*<p>يثق المتسوقون بالصور ومقاطع الفيديو التي يلتقطها عملاء حقيقيون\. أضف صورة أو فيديو إلى مراجعتك ذات 5 نجوم:<\/p>/s);
  const notImage = await postUploadForm(get, photo, Buffer.from('not an image at all'));
  assert.equal(notImage.status, 400);
  assert.match(await notImage.text(), /<html lang="ar" dir="rtl">.*<li>هذا الملف ليس صورة مقبولة\. يرجى اختيار صورة بتنسيق JPEG أو PNG أو WebP أو GIF أو AVIF\.<\/li>/s);
  const deleted = await get(arabic.replace('/r/my-review', '/r/my-review/delete'), { method: 'POST', headers: FORM, body: 'confirm=yes' });
  assert.equal(deleted.status, 200);
  assert.match(await deleted.text(), /<html lang="ar" dir="rtl">.*<h1>تم حذف المراجعة<\/h1><p>تم حذف مراجعتك\.<\/p>/s);
  const gone = await get(arabic);
  assert.equal(gone.status, 404);
  assert.match(await gone.text(), /<html lang="de" dir="ltr">.*<h1>Rezension nicht gefunden<\/h1>/s, 'the review is gone: the shop default');

  env.clock.advance(181 * DAY);
  const expired = await get(french);
  assert.equal(expired.status, 410);
  assert.match(await expired.text(), /<html lang="fr" dir="ltr">.*<h1>Lien expiré<\/h1><p>Ce lien a expiré\.<\/p>/s);
});

test("the question-answer page speaks the invited buyer's language (their order's locale), else the shop's default (ar, right to left)", async (t) => {
  const env = await emailTestApp(t);
  await updateEmailSettings({ db: env.database.db, clock: env.clock }, env.shopA.shopId, { language: 'ar' });
  await seedProduct(env);
  await env.shopA.client.call('POST', 'push_orders', {
    body: {
      orders: [
        order(1, 'lea@example.com', { locale: 'fr-BE', fulfilled_at: '2026-05-20 12:00:00' }),
        order(2, 'lea@example.com', { fulfilled_at: '2026-05-21 12:00:00' }),
        order(3, 'omar@example.com', { fulfilled_at: '2026-05-20 12:00:00' }),
      ],
    },
  });
  await ask(env);
  const id = await newestQuestionId(env);
  await env.shopA.client.call('POST', 'publish_question', { body: { id } });
  assert.deepEqual((await env.shopA.client.call<{ invited: number }>('POST', 'invite_question_answerers', { body: { id, max: 5 } })).data, { invited: 2 });
  await env.worker.runOnce();
  // The invitations speak the language of the page their link opens.
  const invitation = (email: string) => env.smtp.messages.find((m) => to(m) === email && /\/q\/answer\?t=/.test(m.text ?? ''))!;
  assert.equal(invitation('lea@example.com').subject, 'Un client a une question sur Red shirt');
  assert.equal(invitation('omar@example.com').subject, 'لدى أحد المتسوقين سؤال حول Red shirt');
  const linkOf = (email: string) => /: (https:\/\/\S+\/q\/answer\?t=\S+)/.exec(invitation(email).text!)![1]!;
  const get = await listen(env.app);
  const french = linkOf('lea@example.com');
  const post = (body: string) => get(french, { method: 'POST', headers: FORM, body });

  const form = await (await get(french)).text();
  assert.match(form, /^<!doctype html><html lang="fr" dir="ltr">/, 'the newest order with a locale says the language');
  assert.match(form, /<h1>Répondre à une question<\/h1><p>Un client demande :<\/p><blockquote>Does it run small\?<\/blockquote>/);
  assert.match(form, /<label for="author">Votre nom \(affiché avec votre réponse\)<\/label>.*<label for="content">Votre réponse<\/label>.*<button type="submit">Envoyer la réponse<\/button>/s);
  const empty = await post('author=L&content=');
  assert.equal(empty.status, 400);
  assert.match(await empty.text(), /<p class="error" role="alert">Veuillez écrire une réponse \(5000 caractères maximum\)\.<\/p>/);
  const sent = await post('author=L&content=Oui');
  assert.equal(sent.status, 200);
  assert.match(await sent.text(), /<h1>Merci<\/h1><p>Votre réponse a été publiée\.<\/p>/);
  const again = await post('author=L&content=Encore');
  assert.equal(again.status, 409);
  assert.match(await again.text(), /Vous avez déjà répondu à cette question\./);

  const arabic = linkOf('omar@example.com');
  const arabicForm = await (await get(arabic)).text();
  assert.match(arabicForm, /^<!doctype html><html lang="ar" dir="rtl">/);
  assert.match(arabicForm, /<h1>أجب عن سؤال<\/h1><p>يسأل أحد المتسوقين:<\/p>/);
  await env.shopA.client.call('POST', 'hide_question', { body: { id } });
  const closed = await get(arabic);
  assert.equal(closed.status, 410);
  assert.match(await closed.text(), /<html lang="ar" dir="rtl">.*<h1>السؤال مغلق<\/h1><p>لم يعد بالإمكان الإجابة عن هذا السؤال\.<\/p>/s);
  const refused = await get(tamper(arabic), { headers: { 'accept-language': 'es-MX' } });
  assert.equal(refused.status, 404);
  assert.match(await refused.text(), /<html lang="es" dir="ltr">.*<h1>Enlace no válido<\/h1>/s);
});

/** Every text of a table as [path, text] pairs, nested groups included. */
const leaves = (value: unknown, path = ''): [string, string][] =>
  typeof value === 'string' ? [[path, value]] : Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => leaves(inner, path ? `${path}.${key}` : key));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();

test('every language has every text of every page family, none empty, with the same placeholders as English', () => {
  const english = new Map(leaves(texts('en')));
  assert.ok(english.size > 120, 'emails, postpone, question and reviewer texts, and the personal emails');
  for (const group of ['email', 'postpone', 'question', 'reviewer', 'reviewerEmail', 'rewardEmail', 'questionEmail'] as const) assert.ok(leaves(texts('en')[group]).length > 3, group);
  for (const language of EMAIL_LANGUAGES.filter((l) => l !== 'en')) {
    const table = leaves(texts(language));
    assert.deepEqual(table.map(([path]) => path).sort(), [...english.keys()].sort(), `${language}: the same keys`);
    for (const [path, text] of table) {
      assert.ok(text.trim().length > 0, `${language}.${path} is empty`);
      assert.deepEqual(placeholders(text), placeholders(english.get(path)!), `${language}.${path} keeps the placeholders`);
    }
    const pages = table.filter(([path, text]) => !path.startsWith('email.') && text === english.get(path));
    assert.ok(pages.length <= 2, `${language}: untranslated ${pages.map(([p]) => p).join(', ')}`);
  }
});
