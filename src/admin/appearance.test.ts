import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { assertProblem, memberOf } from './admin.testkit.ts';

const DEFAULTS = {
  star_color: '#f5a623',
  accent_color: null,
  theme: 'auto',
  density: 'comfortable',
  blocks: { summary: true, histogram: true, filters: true, photos: true, write_button: false, questions: false },
  texts: {},
};

test('widget appearance: defaults, owner changes it (ledger), moderator and viewer read only, fields left out keep their value', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'owner' }]);
  const moderator = await memberOf(testApp, [{ shopId: a, role: 'moderator' }]);
  const viewer = await memberOf(testApp, [{ shopId: a, role: 'viewer' }]);
  const path = `/shops/${a}/settings/appearance`;

  assert.deepEqual((await viewer.call('GET', path)).json(), DEFAULTS);
  const change = {
    star_color: '#E91E63',
    accent_color: '#0a5',
    theme: 'dark',
    density: 'compact',
    blocks: { histogram: false, write_button: true },
    texts: { fr: { write: '  Donnez votre avis ', helpful: 'Utile : {n}', none: '' }, de: { none: '' } },
  };
  const saved = await owner.call('PUT', path, change);
  assert.equal(saved.statusCode, 200, saved.body);
  const expected = {
    star_color: '#e91e63',
    accent_color: '#0a5',
    theme: 'dark',
    density: 'compact',
    blocks: { ...DEFAULTS.blocks, histogram: false, write_button: true },
    texts: { fr: { write: 'Donnez votre avis', helpful: 'Utile : {n}' } },
  };
  assert.deepEqual(saved.json(), expected);
  for (const reader of [moderator, viewer]) assert.deepEqual((await reader.call('GET', path)).json(), expected);
  for (const other of [moderator, viewer]) assertProblem(await other.call('PUT', path, { star_color: '#000' }), 403, 'forbidden');

  // Fields left out keep their value; null returns the accent to the theme's.
  const partial = await owner.call('PUT', path, { accent_color: null, blocks: { photos: false } });
  assert.deepEqual(partial.json(), { ...expected, accent_color: null, blocks: { ...expected.blocks, photos: false } });

  const ledger = await testApp.database.db.selectFrom('moderation_ledger').select(['action', 'subject', 'before_json', 'after_json']).where('shop_id', '=', a).orderBy('id').execute();
  assert.deepEqual(
    ledger.map((e) => [e.action, e.subject]),
    [
      ['settings.appearance', 'settings:appearance'],
      ['settings.appearance', 'settings:appearance'],
    ],
  );
  assert.deepEqual(JSON.parse(ledger[0]!.before_json), DEFAULTS);
  assert.deepEqual(JSON.parse(ledger[0]!.after_json), expected);
});

test('widget appearance bad input: problem+json naming the field, nothing written', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'owner' }]);
  const path = `/shops/${a}/settings/appearance`;
  assert.equal((await owner.call('PUT', path, { star_color: '#123' })).statusCode, 200);
  const before = await testApp.snapshot();
  const cases: [unknown, string][] = [
    [{ star_color: 'red' }, 'star_color'],
    [{ star_color: '#12345' }, 'star_color'],
    [{ star_color: '#1234567' }, 'star_color'],
    [{ accent_color: 'rgb(0,0,0)' }, 'accent_color'],
    [{ theme: 'sepia' }, 'theme'],
    [{ density: 'cosy' }, 'density'],
    [{ blocks: { carousel: false } }, 'blocks.carousel'],
    [{ blocks: { summary: 'no' } }, 'blocks.summary'],
    [{ texts: { it: { write: 'Scrivi' } } }, 'texts.it'],
    [{ texts: { fr: { sort: 'Trier' } } }, 'texts.fr.sort'],
    [{ texts: { fr: { write: 'x'.repeat(151) } } }, 'texts.fr.write'],
    [{ texts: { fr: { write: '<b>Écrire</b>' } } }, 'texts.fr.write'],
    [{ texts: { en: { none: 'line one\nline two' } } }, 'texts.en.none'],
    [{ texts: { en: { helpful: 'Helpful {count}' } } }, 'texts.en.helpful'],
    [{ texts: { en: { write: 'Write {n}' } } }, 'texts.en.write'],
    [{ colour: '#fff' }, 'colour'],
  ];
  for (const [body, field] of cases) {
    const response = await owner.call('PUT', path, body);
    assertProblem(response, 400, 'invalid-argument', field);
  }
  assert.deepEqual(await testApp.snapshot(), before, 'nothing written');
  assert.equal((await owner.call('GET', path)).json().star_color, '#123');
});

test('widget appearance tenancy: shop B reaches nothing of shop A; the storefront serves each shop its own', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const ownerA = await memberOf(testApp, [{ shopId: a, role: 'owner' }]);
  const ownerB = await memberOf(testApp, [{ shopId: testApp.shopB.shopId, role: 'owner' }]);
  assert.equal((await ownerA.call('PUT', `/shops/${a}/settings/appearance`, { star_color: '#e91e63' })).statusCode, 200);
  const before = await testApp.snapshot();
  assertProblem(await ownerB.call('GET', `/shops/${a}/settings/appearance`), 404, 'not-found');
  assertProblem(await ownerB.call('PUT', `/shops/${a}/settings/appearance`, { star_color: '#000000' }), 404, 'not-found');
  assert.deepEqual(await testApp.snapshot(), before);
  const publicLook = async (shop: string) => (await testApp.app.inject({ method: 'GET', url: `/api/v1/reviews/get_widget_appearance?shop=${shop}` })).json();
  assert.equal((await publicLook('shop-a.myshopify.com')).data.star_color, '#e91e63');
  assert.equal((await publicLook('shop-b.myshopify.com')).data.star_color, '#f5a623');
  assert.equal((await publicLook('nobody.myshopify.com')).code, 5);
});
