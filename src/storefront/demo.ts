import type { FastifyInstance } from 'fastify';
import { upsertProduct } from '../products/products.service.ts';
import { createReview } from '../reviews/reviews.service.ts';
import { createShop } from '../shops/shops.service.ts';
import { findShopBy } from './storefront.queries.ts';

export const DEMO_SHOP = 'demo.myshopify.com';
export const DEMO_PRODUCT = 'linen-shirt';

const PRODUCTS = [
  { product_id: '8001', handle: 'linen-shirt', title: 'Linen shirt', hue: 28 },
  { product_id: '8002', handle: 'stoneware-mug', title: 'Stoneware mug', hue: 200 },
  { product_id: '8003', handle: 'wool-beanie', title: 'Wool beanie', hue: 340 },
  { product_id: '8004', handle: 'canvas-tote', title: 'Canvas tote', hue: 120 },
];

const REVIEWS: Array<[product: string, rating: 1 | 2 | 3 | 4 | 5, author: string, title: string, content: string, photos: number, extra?: object]> = [
  ['8001', 5, 'Amelia R.', 'Perfect summer shirt', 'Breathable, soft after the first wash and the fit is spot on. Ordered a second colour.', 2, { is_verified: 1, reply: { content: 'Thank you Amelia! Enjoy the summer.' } }],
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

/** A demo shop with products and reviews (some with photos served by demoAssetRoutes). Idempotent. */
export async function seedDemo(app: FastifyInstance, baseUrl = app.config.publicUrl): Promise<{ shopDomain: string; productHandle: string }> {
  const deps = { db: app.db, dialect: app.dialect, clock: app.clock, events: app.events, secrets: app.secrets };
  if (!(await findShopBy(app.db, 'domain', DEMO_SHOP))) {
    await createShop(deps, { domain: DEMO_SHOP, name: 'Plaudit Demo Store' });
    const shop = (await findShopBy(app.db, 'domain', DEMO_SHOP))!;
    const base = baseUrl;
    for (const p of PRODUCTS) {
      await upsertProduct(deps, shop.id, { product_id: p.product_id, handle: p.handle, title: p.title, url: `${base}/s/${DEMO_SHOP}/demo/${p.handle}`, image: `${base}/demo-assets/product-${p.hue}.svg` });
    }
    const day = 24 * 60 * 60 * 1000;
    let photo = 0;
    for (const [i, [productId, rating, author, title, content, photos, extra]] of REVIEWS.entries()) {
      const media = Array.from({ length: photos }, () => ({ url: `${base}/demo-assets/photo-${(photo++ * 47) % 360}.svg`, type: 1 as const }));
      const commented = new Date(app.clock.now() - (REVIEWS.length - i) * 3 * day).toISOString().replace('T', ' ').slice(0, 19);
      await createReview(deps, shop.id, { product_id: productId, rating, author, title, content, media, commented_at: commented, source: 'Shop', ...extra });
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
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="hsl(${hue} 45% 80%)"/>` +
      `<circle cx="300" cy="260" r="${match[1] === 'product' ? 150 : 110}" fill="hsl(${hue} 45% 55%)"/><rect x="140" y="440" width="320" height="40" rx="20" fill="hsl(${hue} 45% 40%)"/></svg>`;
    return reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(svg);
  });
}
