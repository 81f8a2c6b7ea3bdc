import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { memberOf } from '../admin/admin.testkit.ts';
import { upsertProduct } from '../products/products.service.ts';
import { ask, newestQuestionId, seedProduct } from '../questions/questions.testkit.ts';
import { DAY, emailTestApp, linksOf, listen } from './emails.testkit.ts';
import { updateEmailSettings } from './settings.service.ts';

/*
 * The author's confirmation and photo request, the reward email and the Q&A emails speak the
 * recipient's language exactly as the pages their links open do: the order's locale (fr-CA, ar),
 * else the shop's default email language (German here), through a real SMTP server.
 */

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const to = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : '');
const htmlOf = (mail: ParsedMail) => (typeof mail.html === 'string' ? mail.html : '');
/** French and Arabic buyers by their orders' locales; Dora's order carries none (the shop's default, German). */
const BUYERS = [
  { email: 'celine@example.com', first_name: 'Céline', locale: 'fr-CA' },
  { email: 'omar@example.com', first_name: 'Omar', locale: 'ar' },
  { email: 'dora@example.com', first_name: 'Dora', locale: '' },
];
const order = (i: number, productId: number) => {
  const buyer = BUYERS[i]!;
  return {
    order_id: 100 + i,
    order_name: `#${100 + i}`,
    customer: { id: 500 + i, email: buyer.email, first_name: buyer.first_name },
    line_items: [{ product_id: productId, title: 'Red shirt' }],
    created_at: '2026-05-30 10:00:00',
    fulfilled_at: '2026-06-01 12:00:00',
    ...(buyer.locale ? { locale: buyer.locale } : {}),
  };
};

/** A test app whose shop writes German by default and knows the three buyers' orders of one product. */
async function germanShop(t: Parameters<typeof emailTestApp>[0], productId: number) {
  const env = await emailTestApp(t);
  await updateEmailSettings({ db: env.database.db, clock: env.clock }, env.shopA.shopId, { language: 'de' });
  const pushed = await env.shopA.client.call('POST', 'push_orders', { body: { orders: BUYERS.map((_, i) => order(i, productId)) } });
  assert.equal(pushed.code, 0, pushed.message);
  return env;
}

/** The one message to an address whose subject is `subject`, asserting its language and direction. */
function mailTo(messages: ParsedMail[], address: string, subject: string, lang: string, dir: 'ltr' | 'rtl'): ParsedMail {
  const found = messages.filter((m) => to(m) === address && m.subject === subject);
  assert.equal(found.length, 1, `one "${subject}" to ${address}; got ${messages.filter((m) => to(m) === address).map((m) => m.subject)}`);
  const html = htmlOf(found[0]!);
  assert.match(html, new RegExp(`^<!doctype html><html lang="${lang}" dir="${dir}">`), `${address}: ${lang} ${dir}`);
  assert.match(html, new RegExp(`<body dir="${dir}"`));
  return found[0]!;
}

test("the review confirmation and the photo request follow the order's locale (French, Arabic right to left), else the shop's default (German); the manage page agrees", async (t) => {
  const env = await germanShop(t, 111);
  const { app, smtp, worker, clock, services, shopA } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  for (const buyer of BUYERS) {
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/v1/reviews/submit',
      payload: { shop: 'shop-a.myshopify.com', product_id: '111', rating: 5, content: 'Great', author: buyer.first_name, author_email: buyer.email, consent: 1, website: '' },
    });
    assert.equal(submitted.json().code, 0, submitted.body);
  }
  await worker.runOnce();

  const fr = mailTo(smtp.messages, 'celine@example.com', 'Merci pour votre avis sur Red shirt', 'fr', 'ltr');
  assert.match(fr.text!, /Merci pour votre avis\n\nNous avons bien reçu votre avis 5 étoiles sur Red shirt\.\nBesoin de changer quelque chose \?/);
  assert.match(fr.text!, /Gérer votre avis: https:\/\/reviews\.example\.com\/r\/my-review\?t=\S+/);
  assert.match(fr.text!, /Ce lien est personnel et reste valable jusqu’au \d{4}-\d{2}-\d{2}\./);
  assert.match(htmlOf(fr), />Gérer votre avis<\/a>/);
  const ar = mailTo(smtp.messages, 'omar@example.com', 'شكرًا على مراجعتك لـ Red shirt', 'ar', 'rtl');
  assert.match(ar.text!, /تلقّينا مراجعتك لـ Red shirt بتقييم 5 من 5\./);
  assert.match(ar.text!, /إدارة مراجعتك: https:\/\/reviews\.example\.com\/r\/my-review\?t=/);
  assert.match(htmlOf(ar), /text-align:right/);
  const de = mailTo(smtp.messages, 'dora@example.com', 'Danke für Ihre Bewertung zu Red shirt', 'de', 'ltr');
  assert.match(de.text!, /Wir haben Ihre 5-Sterne-Bewertung zu Red shirt erhalten\./);
  assert.match(de.text!, /Bewertung verwalten: https:\/\/reviews\.example\.com\/r\/my-review\?t=/);
  assert.equal(smtp.messages.length, 3, 'three confirmations, nothing else yet');

  const get = await listen(app);
  const manage = await get(/Gérer votre avis: (\S+)/.exec(fr.text!)![1]!);
  assert.equal(manage.status, 200);
  assert.match(await manage.text(), /<html lang="fr" dir="ltr">.*<h1>Votre avis sur Red shirt<\/h1>/s, 'the page the link opens speaks the email’s language');

  clock.advance(2 * DAY);
  await worker.runOnce();
  const frPhoto = mailTo(smtp.messages, 'celine@example.com', 'Ajouter une photo à votre avis sur Red shirt ?', 'fr', 'ltr');
  assert.match(frPhoto.text!, /Merci pour votre avis 5 étoiles sur Red shirt\. Une photo aide les autres clients plus que des mots/);
  assert.match(frPhoto.text!, /Ajouter une photo: https:\/\/reviews\.example\.com\/r\/photo\?t=/);
  const arPhoto = mailTo(smtp.messages, 'omar@example.com', 'هل تضيف صورة إلى مراجعتك لـ Red shirt؟', 'ar', 'rtl');
  assert.match(arPhoto.text!, /أضف صورة: https:\/\/reviews\.example\.com\/r\/photo\?t=/);
  assert.match(arPhoto.text!, /لا حاجة إلى حساب؛ يعمل هذا الرابط حتى \d{4}-\d{2}-\d{2}\./);
  const dePhoto = mailTo(smtp.messages, 'dora@example.com', 'Möchten Sie Ihrer Bewertung zu Red shirt ein Foto hinzufügen?', 'de', 'ltr');
  assert.match(dePhoto.text!, /Foto hinzufügen: https:\/\/reviews\.example\.com\/r\/photo\?t=/);
  const photoPage = await get(/أضف صورة: (\S+)/.exec(arPhoto.text!)![1]!);
  assert.match(await photoPage.text(), /<html lang="ar" dir="rtl">/);
});

test("the reward email follows the reviewed order's locale (French, Arabic right to left), else the shop's default (German); the shop's offer text is kept as written", async (t) => {
  const env = await germanShop(t, 111);
  const { app, smtp, worker, clock, services, shopA } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  const owner = await memberOf(env, [{ shopId: shopA.shopId, role: 'owner' }], 'owner@shop-a.example');
  const reward = { enabled: true, requires_media: false, code_source: 'static', static_code: 'MERCI-10', offer_text: '10% <off>', low_pool_threshold: 0 };
  const put = await owner.call('PUT', `/shops/${shopA.shopId}/settings/rewards`, reward);
  assert.equal(put.statusCode, 200, put.body);
  clock.advance(7 * DAY);
  await worker.runOnce();
  const get = await listen(app);
  for (const buyer of BUYERS) {
    const request = smtp.messages.find((m) => to(m) === buyer.email)!;
    const sent = await get(linksOf(request).review[0]!, { method: 'POST', headers: FORM, body: new URLSearchParams({ rating: '2', author: buyer.first_name, content: 'Meh' }).toString() });
    assert.equal(sent.status, 200, await sent.text());
  }
  const before = smtp.messages.length;
  await worker.runOnce();
  const mails = smtp.messages.slice(before);

  const fr = mailTo(mails, 'celine@example.com', 'Votre récompense de la part de shop-a.myshopify.com', 'fr', 'ltr');
  assert.match(fr.text!, /Merci d’avoir donné votre avis sur Red shirt\. Comme promis, voici votre récompense : 10% <off>\./);
  assert.match(fr.text!, /Votre code: MERCI-10\n\nChaque avis sincère est récompensé, quelle que soit sa note\./);
  assert.ok(htmlOf(fr).includes('10% &lt;off&gt;') && !htmlOf(fr).includes('<off>'), 'the offer text is escaped');
  const ar = mailTo(mails, 'omar@example.com', 'مكافأتك من shop-a.myshopify.com', 'ar', 'rtl');
  assert.match(ar.text!, /شكرًا على مراجعتك لـ Red shirt\. كما وعدناك، إليك مكافأتك: 10% <off>\./);
  assert.match(ar.text!, /رمزك: MERCI-10/);
  assert.match(htmlOf(ar), /<code dir="ltr"[^>]*>MERCI-10<\/code>/, 'the code reads left to right inside Arabic');
  const de = mailTo(mails, 'dora@example.com', 'Ihre Belohnung von shop-a.myshopify.com', 'de', 'ltr');
  assert.match(de.text!, /Vielen Dank für Ihre Bewertung zu Red shirt\. Wie versprochen erhalten Sie hier Ihre Belohnung: 10% <off>\./);
  assert.match(de.text!, /Ihr Code: MERCI-10/);
  // The confirmations of these reviews follow the same language.
  mailTo(mails, 'celine@example.com', 'Merci pour votre avis sur Red shirt', 'fr', 'ltr');
  mailTo(mails, 'omar@example.com', 'شكرًا على مراجعتك لـ Red shirt', 'ar', 'rtl');
  assert.equal(mails.length, 6, 'a reward and a confirmation each');
});

test("Q&A emails: invitations follow each buyer's order locale, the answer email the asker's orders, else the shop's default (German)", async (t) => {
  const env = await germanShop(t, 1001);
  const { smtp, worker, shopA } = env;
  await seedProduct(env);
  // Sam has no order: his question's answer comes in the shop's default language.
  assert.equal((await ask(env)).code, 0);
  const samQuestion = await newestQuestionId(env);
  await shopA.client.call('POST', 'publish_question', { body: { id: samQuestion } });
  const invited = await shopA.client.call<{ invited: number }>('POST', 'invite_question_answerers', { body: { id: samQuestion, max: 5 } });
  assert.deepEqual(invited.data, { invited: 3 });
  await worker.runOnce();

  const fr = mailTo(smtp.messages, 'celine@example.com', 'Un client a une question sur Red shirt', 'fr', 'ltr');
  assert.match(fr.text!, /Bonjour Céline,\n\nVous avez acheté Red shirt chez shop-a\.myshopify\.com\. Un autre client demande :\n\nDoes it run small\?/);
  assert.match(fr.text!, /Répondre à la question: https:\/\/reviews\.example\.com\/q\/answer\?t=\S+/);
  assert.match(fr.text!, /Vous ne souhaitez plus recevoir ces e-mails \? Se désabonner: https:\/\/reviews\.example\.com\/r\/unsubscribe\?t=/);
  const ar = mailTo(smtp.messages, 'omar@example.com', 'لدى أحد المتسوقين سؤال حول Red shirt', 'ar', 'rtl');
  assert.match(ar.text!, /مرحبًا Omar،\n\nاشتريت Red shirt من shop-a\.myshopify\.com\. ويسأل متسوق آخر:/);
  assert.match(ar.text!, /أجب عن السؤال: https:\/\/reviews\.example\.com\/q\/answer\?t=/);
  assert.match(htmlOf(ar), /<blockquote style="[^"]*border-right:3px solid #ddd/, 'the quote bar on the reading side');
  const de = mailTo(smtp.messages, 'dora@example.com', 'Ein Kunde hat eine Frage zu Red shirt', 'de', 'ltr');
  assert.match(de.text!, /Hallo Dora,\n\nSie haben bei shop-a\.myshopify\.com eingekauft\. Ein anderer Kunde hat eine Frage zu Red shirt:/);
  assert.match(de.text!, /Frage beantworten: https:\/\/reviews\.example\.com\/q\/answer\?t=/);

  // Céline answers from her French link; Sam is told in German that a verified buyer answered.
  const get = await listen(env.app);
  const link = /Répondre à la question: (\S+)/.exec(fr.text!)![1]!;
  assert.match(await (await get(link)).text(), /<html lang="fr" dir="ltr">/);
  const answered = await get(link, { method: 'POST', headers: FORM, body: 'author=C%C3%A9line&content=Non%2C+taille+normale' });
  assert.equal(answered.status, 200);
  // Céline and Omar ask too; the store answers them.
  for (const buyer of BUYERS.slice(0, 2)) {
    assert.equal((await ask(env, { author: buyer.first_name, author_email: buyer.email, question: `Question from ${buyer.first_name}` })).code, 0);
    const id = await newestQuestionId(env);
    await shopA.client.call('POST', 'answer_question', { body: { id, content: 'Yes.' } });
    await shopA.client.call('POST', 'publish_question', { body: { id } });
  }
  const before = smtp.messages.length;
  await worker.runOnce();
  const answers = smtp.messages.slice(before);
  assert.equal(answers.length, 3);

  const sam = mailTo(answers, 'sam@example.com', 'Ihre Frage zu Red shirt wurde beantwortet', 'de', 'ltr');
  assert.match(sam.text!, /Hallo Sam,\n\nSie haben zu Red shirt gefragt: „Does it run small\?“\n\nCéline \(verifizierter Käufer\) hat geantwortet:\n\nNon, taille normale/);
  assert.match(sam.text!, /Mehr zu Red shirt: https:\/\/shop-a\.example\/products\/red-shirt/);
  const celine = mailTo(answers, 'celine@example.com', 'Votre question sur Red shirt a reçu une réponse', 'fr', 'ltr');
  assert.match(celine.text!, /Vous avez posé une question sur Red shirt : « Question from Céline »\n\nshop-a\.myshopify\.com a répondu :\n\nYes\./);
  assert.match(celine.text!, /Voir Red shirt: https:\/\/shop-a\.example\/products\/red-shirt/);
  const omar = mailTo(answers, 'omar@example.com', 'تمت الإجابة عن سؤالك حول Red shirt', 'ar', 'rtl');
  assert.match(omar.text!, /سألت عن Red shirt: «Question from Omar»\n\nأجاب shop-a\.myshopify\.com:/);
  assert.match(omar.text!, /إلغاء الاشتراك: https:\/\/reviews\.example\.com\/r\/unsubscribe\?t=/);
});
