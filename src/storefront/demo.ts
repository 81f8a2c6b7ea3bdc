import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { esc } from '../../packages/widget/src/html.ts';
import { useSurface } from '../http/security-headers.ts';
import { renderFragment } from './fragments.ts';
import { container, pageShell } from './pages.ts';
import { HTML, pageProduct, pageShop, ProductParams } from './pages.routes.ts';
import { firstProducts } from './storefront.queries.ts';
import { upsertProduct } from '../products/products.service.ts';
import { createReview } from '../reviews/reviews.service.ts';
import { createShop } from '../shops/shops.service.ts';
import { answerQuestion, askQuestion, listQuestions, setVisibility } from '../questions/questions.service.ts';
import { findShopBy } from './storefront.queries.ts';

export const DEMO_SHOP = 'demo.myshopify.com';
export const DEMO_PRODUCT = 'linen-shirt';

const PRODUCTS = [
  { product_id: '8001', handle: 'linen-shirt', title: 'Linen shirt', hue: 28, price: '$29.00' },
  { product_id: '8002', handle: 'stoneware-mug', title: 'Stoneware mug', hue: 200, price: '$18.00' },
  { product_id: '8003', handle: 'wool-beanie', title: 'Wool beanie', hue: 340, price: '$24.00' },
  { product_id: '8004', handle: 'canvas-tote', title: 'Canvas tote', hue: 120, price: '$15.00' },
];

const REVIEWS: Array<[product: string, rating: 1 | 2 | 3 | 4 | 5, author: string, title: string, content: string, photos: number, extra?: object]> = [
  [
    '8001',
    5,
    'Amelia R.',
    'Perfect summer shirt',
    'Breathable, soft after the first wash and the fit is spot on. Ordered a second colour.',
    2,
    { is_verified: 1, reply: { content: 'Thank you Amelia! Enjoy the summer.' } },
  ],
  ['8001', 4, 'Jonas K.', 'Great, runs a bit large', 'Lovely fabric. I would size down if you are between sizes.', 1, { is_verified: 1 }],
  ['8001', 5, 'Priya S.', 'My favourite shirt', 'Wore it all week on holiday. Creases a little, but that is linen.', 0],
  ['8001', 3, 'Mateo G.', 'Nice but thin', 'Good looking shirt, a bit more see-through than I expected.', 0, { is_verified: 1 }],
  ['8001', 5, 'Chloé D.', 'Superbe', 'Très belle qualité, couleur conforme aux photos.', 1],
  ['8001', 4, 'Sam W.', 'Solid buy', 'Shipping was quick and the shirt matches the description.', 0],
  ['8001', 2, 'Lee H.', 'Colour faded', 'Colour faded after a few washes on 40°. Otherwise comfortable.', 0],
  ['8001', 5, 'نور', 'رائع', 'قميص مريح جدا وجودة ممتازة.', 0],
  ['8002', 5, 'Ines M.', 'Keeps coffee warm', 'Heavy, beautiful glaze, fits my hand perfectly.', 1, { is_verified: 1 }],
  ['8002', 4, 'Tom B.', 'Nice mug', 'Slightly smaller than I thought but very pretty.', 0],
  ['8003', 5, 'Aiko T.', 'Warm and soft', 'Not itchy at all, which is rare for wool.', 1],
  ['8004', 4, 'Ruth P.', 'Sturdy tote', 'Carries my laptop and groceries without trouble.', 0],
  ['0', 5, 'Olivia N.', 'Lovely shop', 'Friendly service and a handwritten thank-you note in the parcel.', 0],
  ['0', 4, 'Marc L.', 'Fast delivery', 'Arrived in two days, well packed.', 0],
];

const QUESTIONS: Array<[question: string, author: string, answer: string]> = [
  ['Is the linen pre-washed?', 'Hana', 'Yes: every shirt is stone-washed, so it will not shrink further.'],
  ['Does it come in a long-sleeve version?', 'Ben', 'Not yet, but we are working on one for the autumn.'],
  ['Can I iron it on high heat?', 'Elif', ''],
];

/** A demo shop with products and reviews (some with photos served by demoAssetRoutes). Idempotent. */
export async function seedDemo(app: FastifyInstance, baseUrl = app.config.publicUrl): Promise<{ shopDomain: string; productHandle: string }> {
  const deps = { db: app.db, dialect: app.dialect, clock: app.clock, events: app.events, secrets: app.secrets };
  if (!(await findShopBy(app.db, 'domain', DEMO_SHOP))) {
    await createShop(deps, { domain: DEMO_SHOP, name: 'Plaudit Demo Store' });
    const shop = (await findShopBy(app.db, 'domain', DEMO_SHOP))!;
    const base = baseUrl;
    for (const p of PRODUCTS) {
      await upsertProduct(deps, shop.id, {
        product_id: p.product_id,
        handle: p.handle,
        title: p.title,
        url: `${base}/s/${DEMO_SHOP}/demo/${p.handle}`,
        image: `${base}/demo-assets/product-${p.hue}.svg`,
      });
    }
    const day = 24 * 60 * 60 * 1000;
    let photo = 0;
    for (const [i, [productId, rating, author, title, content, photos, extra]] of REVIEWS.entries()) {
      const media = Array.from({ length: photos }, () => ({ url: `${base}/demo-assets/photo-${(photo++ * 47) % 360}.svg`, type: 1 as const }));
      const commented = new Date(app.clock.now() - (REVIEWS.length - i) * 3 * day).toISOString().replace('T', ' ').slice(0, 19);
      await createReview(deps, shop.id, { product_id: productId, rating, author, title, content, media, commented_at: commented, source: 'Shop', ...extra });
    }
    for (const [i, [question, author, answer]] of QUESTIONS.entries()) {
      await askQuestion(deps, shop.id, { productId: '8001', content: question, author, email: `asker${i}@demo.example` });
      const id = (await listQuestions(deps, shop.id, { page_size: 1 })).list[0]!.id;
      if (answer) await answerQuestion(deps, shop.id, { id, content: answer });
      await setVisibility(deps, shop.id, { id }, true);
    }
  }
  return { shopDomain: DEMO_SHOP, productHandle: DEMO_PRODUCT };
}

/** Generated placeholder images for the demo (product-<hue>.svg, photo-<hue>.svg). */
export async function demoAssetRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { name: string } }>('/demo-assets/:name', { schema: { hide: true } }, async (request, reply) => {
    const match = /^(product|photo)-(\d{1,3})\.svg$/.exec(request.params.name);
    if (!match) return reply.code(404).send();
    const hue = Number(match[2]) % 360;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="hsl(${hue} 45% 80%)"/>` +
      `<circle cx="300" cy="260" r="${match[1] === 'product' ? 150 : 110}" fill="hsl(${hue} 45% 55%)"/><rect x="140" y="440" width="320" height="40" rx="20" fill="hsl(${hue} 45% 40%)"/></svg>`;
    return reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(svg);
  });
}

/**
 * The demo product page with every widget type. Registered only by the demo script (and the
 * browser tests), never by the production route table.
 */
export const demoPageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await useSurface(app, 'hostedPage');
  const tags = ['Storefront'];
  app.get(
    '/s/:shop/demo/:handle',
    {
      schema: {
        summary: 'A demo product page with every widget type',
        description: 'embed=fragment (default): server-rendered widgets; embed=script: empty containers rendered by the script, with the placeholder CSS.',
        tags,
        params: ProductParams,
        querystring: Type.Object({
          embed: Type.Optional(Type.Union([Type.Literal('fragment'), Type.Literal('script')], { description: 'fragment: server-rendered widgets (default); script: script-only embed' })),
        }),
        response: HTML,
      },
    },
    async (request, reply) => {
      const shop = await pageShop(app.db, request.params.shop);
      const product = await pageProduct(app.db, shop.id, request.params.handle);
      const script = request.query.embed === 'script';
      const others = await firstProducts(app.db, shop.id, 4);
      const widget = async (type: string, attrs: Record<string, string>) =>
        script ? container(type, attrs) : renderFragment(app.db, shop, { widget: type as never, ...fragmentAttrs(attrs) }, app.config.publicUrl, app.dialect);
      const productAttrs = { 'product-id': product.product_id };
      const cards = await Promise.all(
        others.map(async (p) => `<div class="card"><div class="ph"></div><div>${esc(p.title)}</div>${await widget('collection-rating', { 'product-handle': p.handle })}</div>`),
      );
      const body =
        `<header><strong>${esc(shop.name)}</strong>${await widget('store-rating-badge', {})}</header><main>` +
        `<div class="product">${product.image_url ? `<img src="${esc(product.image_url)}" alt="${esc(product.title)}" width="360" height="360">` : '<div></div>'}` +
        `<div><h1>${esc(product.title)}</h1>${await widget('star-rating', productAttrs)}<p class="price">${esc(PRODUCTS.find((p) => p.handle === product.handle)?.price ?? '')}</p><p>A demo product of the Plaudit storefront widget.</p></div></div>` +
        `<section><h2>Customers also bought</h2><div class="cards">${cards.join('')}</div></section>` +
        `<section><h2>What customers say</h2>${await widget('carousel', { limit: '8' })}</section>` +
        `<section><h2>Reviews</h2>${await widget('product-reviews', { ...productAttrs, 'show-form': '1', limit: '5', questions: '1' })}</section>` +
        `<section><h2>From the whole store</h2>${await widget('all-reviews', { limit: '5' })}</section></main>`;
      return reply.type('text/html; charset=utf-8').send(
        pageShell({
          title: product.title,
          body,
          shop: shop.domain,
          placeholder: script,
          description: `${product.title} from ${shop.name}: price, photos and customer reviews.`,
          canonical: `${app.config.publicUrl}/s/${encodeURIComponent(shop.domain)}/demo/${encodeURIComponent(product.handle)}`,
        }),
      );
    },
  );
};

function fragmentAttrs(attrs: Record<string, string>) {
  return {
    ...(attrs['product-id'] ? { product_id: attrs['product-id'] } : {}),
    ...(attrs['product-handle'] ? { product_handle: attrs['product-handle'] } : {}),
    ...(attrs.limit ? { limit: Number(attrs.limit) } : {}),
    ...(attrs['show-form'] === '1' ? { show_form: 1 as const } : {}),
    ...(attrs.questions === '1' ? { questions: 1 as const } : {}),
  };
}
