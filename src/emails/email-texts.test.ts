import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../cli/testkit.ts';
import { assertProblem, memberOf } from '../admin/admin.testkit.ts';
import { upsertProduct } from '../products/products.service.ts';
import { emailCommands } from './emails.cli.ts';
import { updateEmailSettings } from './settings.service.ts';
import { DAY, emailTestApp } from './emails.testkit.ts';

const order = (id: number, locale: string, firstName = 'Zoé') => ({
  order_id: id,
  order_name: `#${id}`,
  locale,
  customer: { email: `buyer${id}@example.com`, first_name: firstName, last_name: 'Roux' },
  line_items: [{ product_id: 111, title: 'Red shirt' }],
  fulfilled_at: '2026-06-01 12:00:00',
});

test("a shop's own French wording (CLI) is sent with placeholders filled and escaped, other languages and the reminder keep the built-in texts; the preview shows the same email", async (t) => {
  const env = await emailTestApp(t);
  const { shopA, clock, worker, smtp } = env;
  await upsertProduct({ db: env.database.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt', image: 'https://cdn.example.com/red.jpg' });
  const texts = (...args: string[]) => runCommand(env, emailCommands, ['emails', 'texts', '--domain', 'shop-a.myshopify.com', '--json', ...args]);
  const set = JSON.parse(
    await texts(
      '--type',
      'request',
      '--locale',
      'fr',
      '--subject',
      '{first_name}, un avis sur {order_name} ?',
      '--heading',
      'Merci & à bientôt',
      '--body',
      'Bonjour {first_name},\\nVotre commande {order_name} chez {shop_name} vous plaît-elle ? <3',
      '--button',
      'Je donne mon avis',
    ),
  );
  assert.deepEqual(set, {
    domain: 'shop-a.myshopify.com',
    email_type: 'request',
    locale: 'fr',
    subject: '{first_name}, un avis sur {order_name} ?',
    heading: 'Merci & à bientôt',
    body: 'Bonjour {first_name},\nVotre commande {order_name} chez {shop_name} vous plaît-elle ? <3',
    button: 'Je donne mon avis',
  });
  assert.equal(JSON.parse(await texts('--type', 'request', '--locale', 'fr-FR', '--button', 'Donner mon avis')).subject, '{first_name}, un avis sur {order_name} ?', 'parts not given stay');
  const before = await env.snapshot();
  for (const [bad, message] of [
    [['--type', 'request', '--locale', 'fr', '--subject', 'Hi {last_name}'], /unknown placeholder \{last_name\}/],
    [['--type', 'request', '--locale', 'fr', '--body', '<b>Bonjour</b>'], /plain text, not HTML/],
    [['--type', 'request', '--locale', 'fr', '--heading', 'a\\nb'], /heading must be one line/],
    [['--type', 'request', '--locale', 'fr', '--button', 'x'.repeat(61)], /button must be at most 60 characters/],
    [['--type', 'thanks', '--locale', 'fr'], /--type must be one of request, reminder/],
    [['--type', 'request', '--locale', 'xx'], /--locale must be one of en, fr/],
  ] as const) {
    await assert.rejects(texts(...bad), message, bad.join(' '));
  }
  assert.deepEqual(await env.snapshot(), before, 'refused wordings write nothing');
  assert.deepEqual(
    JSON.parse(await texts()).texts.map((x: { email_type: string; locale: string }) => `${x.email_type}:${x.locale}`),
    ['request:fr'],
  );

  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1, 'fr'), order(2, 'en'), order(3, 'fr', '')] } });
  await updateEmailSettings({ db: env.database.db, clock }, shopA.shopId, { reminder_days: 2 });
  clock.advance(7 * DAY);
  await worker.runOnce();
  const to = (n: number) => smtp.messages.find((m) => JSON.stringify(m.to).includes(`buyer${n}@`))!;
  const fr = to(1);
  assert.equal(fr.subject, 'Zoé, un avis sur #1 ?');
  const html = String(fr.html);
  assert.match(html, /<h1[^>]*>Merci &amp; à bientôt<\/h1>/);
  assert.match(html, />Bonjour Zoé,<\/p><p[^>]*>Votre commande #1 chez shop-a\.myshopify\.com vous plaît-elle \? &lt;3<\/p>/);
  assert.match(html, />Donner mon avis<\/a>/);
  assert.match(fr.text ?? '', /Donner mon avis: https:\/\/reviews\.example\.com\/r\/review\?t=/);
  assert.equal(to(3).subject, 'un avis sur #3 ?', 'an empty first name leaves no dangling comma');
  assert.match(String(to(3).html), />Bonjour,<\/p>/);
  assert.equal(to(2).subject, 'How was your order from shop-a.myshopify.com?', 'English keeps the built-in texts');

  const dir = mkdtempSync(join(tmpdir(), 'plaudit-preview-'));
  const preview = JSON.parse(
    await runCommand(env, emailCommands, ['emails', 'preview', '--domain', 'shop-a.myshopify.com', '--type', 'request', '--locale', 'fr', '--out', join(dir, 'fr.html'), '--json']),
  );
  assert.deepEqual(preview, {
    domain: 'shop-a.myshopify.com',
    email_type: 'request',
    locale: 'fr',
    subject: 'Alex, un avis sur #1001 ?',
    html_file: join(dir, 'fr.html'),
    text_file: join(dir, 'fr.txt'),
    html_bytes: Buffer.byteLength(readFileSync(join(dir, 'fr.html'))),
  });
  const previewHtml = readFileSync(join(dir, 'fr.html'), 'utf8');
  assert.match(previewHtml, /<html lang="fr" dir="ltr">.*Merci &amp; à bientôt.*src="https:\/\/cdn\.example\.com\/red\.jpg" alt="Red shirt".*Donner mon avis/s);
  assert.match(readFileSync(join(dir, 'fr.txt'), 'utf8'), /^shop-a\.myshopify\.com\n\nMerci & à bientôt\n\nBonjour Alex,\n/);

  clock.advance(2 * DAY);
  await worker.runOnce();
  const reminder = smtp.messages.filter((m) => JSON.stringify(m.to).includes('buyer1@'))[1]!;
  assert.equal(reminder.subject, 'Rappel : comment s’est passée votre commande chez shop-a.myshopify.com ?', 'the reminder has its own (built-in) wording');

  assert.deepEqual(JSON.parse(await texts('--type', 'request', '--locale', 'fr', '--reset')), {
    domain: 'shop-a.myshopify.com',
    email_type: 'request',
    locale: 'fr',
    subject: '',
    heading: '',
    body: '',
    button: '',
  });
  assert.deepEqual(JSON.parse(await texts()).texts, []);
});

test("Admin API: wordings per language with a ledger entry, a preview of unsaved text, bad input refused, another shop's member sees nothing", async (t) => {
  const env = await emailTestApp(t);
  const a = env.shopA.shopId;
  const owner = await memberOf(env, [{ shopId: a, role: 'owner' }]);
  const viewer = await memberOf(env, [{ shopId: a, role: 'viewer' }]);
  const stranger = await memberOf(env, [{ shopId: env.shopB.shopId, role: 'owner' }]);
  const base = `/shops/${a}/settings/email-texts`;
  const wording = { subject: 'Wie war {order_name}?', heading: 'Danke!', body: 'Hallo {first_name}', button: 'Los' };

  const list = (await viewer.call('GET', base)).json();
  assert.deepEqual(list, {
    items: [],
    email_types: ['request', 'reminder'],
    languages: ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'ja', 'zh', 'ar'],
    placeholders: ['{first_name}', '{customer_name}', '{shop_name}', '{order_name}'],
  });
  const before = await env.snapshot();
  assertProblem(await owner.call('PUT', `${base}/request/de`, { ...wording, body: '<script>x</script>' }), 400, 'invalid-argument', 'body');
  assertProblem(await owner.call('PUT', `${base}/request/de`, { ...wording, subject: '{coupon}' }), 400, 'invalid-argument', 'subject');
  assertProblem(await owner.call('PUT', `${base}/request/de`, { ...wording, extra: 1 }), 400, 'invalid-argument');
  assertProblem(await owner.call('PUT', `${base}/request/xx`, wording), 400, 'invalid-argument', 'locale');
  assertProblem(await owner.call('PUT', `${base}/welcome/de`, wording), 400, 'invalid-argument', 'email_type');
  assertProblem(await viewer.call('PUT', `${base}/request/de`, wording), 403, 'forbidden');
  assertProblem(await stranger.call('PUT', `${base}/request/de`, wording), 404, 'not-found');
  assertProblem(await stranger.call('GET', base), 404, 'not-found');
  assert.deepEqual(await env.snapshot(), before, 'nothing written');

  assert.deepEqual((await owner.call('PUT', `${base}/request/de`, wording)).json(), { email_type: 'request', locale: 'de', ...wording });
  assert.deepEqual((await viewer.call('GET', `${base}/request/de`)).json(), { email_type: 'request', locale: 'de', ...wording });
  assert.deepEqual((await viewer.call('GET', `${base}/reminder/de`)).json(), { email_type: 'reminder', locale: 'de', subject: '', heading: '', body: '', button: '' });
  assert.deepEqual((await viewer.call('GET', base)).json().items, [{ email_type: 'request', locale: 'de', ...wording }]);
  const ledger = (await owner.call('GET', `/shops/${a}/ledger?limit=10`)).json().items;
  assert.deepEqual([ledger[0].action, ledger[0].subject], ['settings.email_texts', 'email_texts:request:de']);

  const draft = { subject: 'Entwurf für {order_name}', heading: '', body: '', button: '' };
  const preview = (await viewer.call('POST', `${base}/request/de/preview`, draft)).json();
  assert.equal(preview.subject, 'Entwurf für #1001');
  assert.match(preview.html, /<html lang="de" dir="ltr">.*Wie waren wir\?.*Hallo Alex,/s, 'built-in heading and body where the draft is empty');
  assert.match(preview.text, /Bewertung schreiben: /);
  assert.equal((await viewer.call('GET', `${base}/request/de`)).json().subject, wording.subject, 'a preview saves nothing');
  assertProblem(await viewer.call('POST', `${base}/request/de/preview`, { ...draft, heading: '<h1>x</h1>' }), 400, 'invalid-argument', 'heading');
  assertProblem(await stranger.call('POST', `${base}/request/de/preview`, draft), 404, 'not-found');
});
