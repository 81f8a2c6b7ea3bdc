import type { TestApp } from './helpers.ts';
import { upsertProduct } from '../src/products/products.service.ts';

/** Shop A with two products and a known set of reviews (ids returned in creation order). */
export async function seedStorefront(t: TestApp) {
  const { shopA, database, clock } = t;
  await upsertProduct({ db: database.db, clock }, shopA.shopId, {
    product_id: '1001',
    handle: 'red-shirt',
    title: 'Red shirt',
    url: 'https://shop-a.example/products/red-shirt',
    image: 'https://img.example/red.jpg',
  });
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '1002', handle: 'blue-mug', title: 'Blue mug' });
  const make = async (day: number, fields: Record<string, unknown>) => {
    const res = await shopA.client.createReview({
      rating: 5,
      author: `Author ${day}`,
      author_email: `a${day}@example.com`,
      author_phone: '+1 555 0100',
      commented_at: `2026-05-${String(day).padStart(2, '0')} 10:00:00`,
      ...fields,
    } as never);
    if (res.code !== 0) throw new Error(res.message);
    return res.data.id;
  };
  const ids = {
    r1: await make(1, { product_id: '1001', rating: 5, content: 'Great fit', is_verified: 1, reply: { content: 'Thanks!', reply_at: '2026-05-02 09:00:00' } }),
    r2: await make(2, { product_id: '1001', rating: 2, content: 'Too small' }),
    r3: await make(3, {
      product_id: '1001',
      rating: 4,
      content: 'With a photo',
      media: [
        { url: 'https://img.example/p1.jpg', thumbnail_url: 'https://img.example/p1_s.jpg', type: 1 },
        { url: 'https://img.example/hidden.jpg', type: 1, is_published: 0 },
      ],
    }),
    r4: await make(4, { product_id: '1001', rating: 1, content: 'Hidden one', is_published: 0 }),
    r5: await make(5, { product_id: '1002', rating: 3, content: 'Mug is fine' }),
    r6: await make(6, { rating: 5, content: 'Lovely store' }),
  };
  return ids;
}
