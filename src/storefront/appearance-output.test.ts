import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { seedStorefront } from '../../test/storefront-fixtures.ts';
import { memberOf } from '../admin/admin.testkit.ts';
import { DEFAULT_APPEARANCE } from '../../packages/widget/src/appearance.ts';

const SHOP = 'shop-a.myshopify.com';

test('the stored appearance reaches the widget endpoint, fragments and hosted pages; query parameters still win', async (t) => {
  const testApp = await buildTestApp(t, { env: { STOREFRONT_CACHE_SECONDS: '0' } });
  await seedStorefront(testApp);
  const get = (url: string) => testApp.app.inject({ method: 'GET', url });
  const fragment = async (query: string) => (await get(`/storefront/v1/fragment?shop=${SHOP}&${query}`)).body;

  // Today's look before any change: the default colours, every block but the opt-in ones.
  const plain = await fragment('widget=product-reviews&product_id=1001');
  assert.doesNotMatch(plain, /:host,:host\(\[data-theme\]\)/);
  for (const part of ['class="av"', 'class="hs"', 'class="tb"', 'class="md"']) assert.ok(plain.includes(part), part);
  for (const part of ['data-write', 'role="tablist"']) assert.ok(!plain.includes(part), part);
  const defaults = await get(`/api/v1/reviews/get_widget_appearance?shop=${SHOP}`);
  assert.equal(defaults.headers['access-control-allow-origin'], '*');
  assert.equal(defaults.headers['cache-control'], 'public, max-age=60');
  assert.deepEqual(defaults.json().data, DEFAULT_APPEARANCE);

  const owner = await memberOf(testApp, [{ shopId: testApp.shopA.shopId, role: 'owner' }]);
  const look = {
    star_color: '#e91e63',
    accent_color: '#ffeb3b',
    theme: 'dark',
    density: 'compact',
    blocks: { histogram: false, photos: false, write_button: true, questions: true },
    texts: { en: { write: 'Tell us & others', none: 'Be the first <3' }, fr: { write: 'Donnez votre avis' } },
  };
  assert.equal((await owner.call('PUT', `/shops/${testApp.shopA.shopId}/settings/appearance`, look)).statusCode, 200);

  const served = (await get(`/api/v1/reviews/get_widget_appearance?shop=${SHOP}`)).json();
  assert.equal(served.code, 0);
  assert.deepEqual(served.data, { ...look, blocks: { summary: true, histogram: false, filters: true, photos: false, write_button: true, questions: true } });
  const etag = String((await get(`/api/v1/reviews/get_widget_appearance?shop=${SHOP}`)).headers.etag);
  const again = await testApp.app.inject({ method: 'GET', url: `/api/v1/reviews/get_widget_appearance?shop=${SHOP}`, headers: { 'if-none-match': etag } });
  assert.equal(again.statusCode, 304);

  const styled = await fragment('widget=product-reviews&product_id=1001');
  // Colours inside the shadow root (the accent's text is black: white on yellow would not read), the compact density, the dark theme.
  assert.ok(styled.includes(':host,:host([data-theme]){--plaudit-star:#e91e63;--plaudit-accent:#ffeb3b;--plaudit-accent-text:#000;}'), 'colours');
  assert.ok(styled.includes(':host{font-size:13px}'), 'compact');
  assert.match(styled, /^<div class="trustoo-widget trustoo-ltr" data-widget="product-reviews" data-theme="dark"/);
  // Hidden blocks are absent; the opt-in ones show; the state the script hydrates from says so too.
  for (const part of ['class="hs"', 'class="md"', 'data-media']) assert.ok(!styled.includes(part), `${part} hidden`);
  for (const part of ['class="av"', 'class="tb"', 'data-write', 'role="tablist"', 'data-askf']) assert.ok(styled.includes(part), `${part} shown`);
  assert.match(styled, /"hide":\["histogram","photos"\]/);
  // The shop's texts, escaped; other languages keep theirs.
  assert.ok(styled.includes('>Tell us &amp; others</button>'), 'English text');
  assert.ok(!styled.includes('<3'), 'escaped');
  assert.ok((await fragment('widget=product-reviews&product_id=1001&lang=fr-FR')).includes('>Donnez votre avis</button>'), 'French text');
  assert.ok((await fragment('widget=product-reviews&product_id=1001&lang=de')).includes('>Bewertung schreiben</button>'), 'German keeps the built-in text');
  assert.ok(!(await fragment('widget=carousel')).includes('class="md"'), 'carousel without photos');

  // Query parameters win, as a snippet's attributes do.
  const overridden = await fragment('widget=product-reviews&product_id=1001&theme=light&density=comfortable&show_form=0&questions=0');
  assert.match(overridden, /data-theme="light" data-lang="en" data-density="comfortable"/);
  for (const part of [':host{font-size:13px}', 'data-write', 'role="tablist"']) assert.ok(!overridden.includes(part), part);

  // The hosted pages: all reviews and the write-a-review form.
  const hosted = (await get(`/s/${SHOP}/reviews`)).body;
  assert.ok(hosted.includes('--plaudit-star:#e91e63'));
  assert.ok(!hosted.includes('class="hs"'));
  const form = (await get(`/s/${SHOP}/products/red-shirt/review`)).body;
  assert.ok(form.includes('--plaudit-star:#e91e63') && form.includes('data-theme="dark"'), 'hosted form');
});
