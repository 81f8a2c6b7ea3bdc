import type { TestApp } from '../../test/helpers.ts';
import { upsertProduct } from '../products/products.service.ts';

export const SHOP_A = 'shop-a.myshopify.com';

export const askBody = (fields: Record<string, unknown> = {}) => ({
  shop: SHOP_A,
  product_id: '1001',
  question: 'Does it run small?',
  author: 'Sam',
  author_email: 'Sam@Example.com',
  website: '',
  ...fields,
});

/** Shop A's product 1001 ("Red shirt", handle red-shirt). */
export async function seedProduct(t: Pick<TestApp, 'database' | 'clock' | 'shopA'>): Promise<void> {
  await upsertProduct({ db: t.database.db, clock: t.clock }, t.shopA.shopId, {
    product_id: '1001',
    handle: 'red-shirt',
    title: 'Red shirt',
    url: 'https://shop-a.example/products/red-shirt',
  });
}

/** Asks through the storefront API from its own address; returns the envelope. */
export async function ask(t: Pick<TestApp, 'app'>, fields: Record<string, unknown> = {}, ip = '10.1.0.1') {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/reviews/ask', payload: askBody(fields), remoteAddress: ip });
  return res.json() as { code: number; message: string; data: unknown };
}

/** The id of the newest question of shop A (through the partner API). */
export async function newestQuestionId(t: Pick<TestApp, 'shopA'>): Promise<string> {
  const res = await t.shopA.client.call<{ list: { id: string }[] }>('GET', 'get_questions', { query: { page_size: 1 } });
  return res.data.list[0]!.id;
}

export const readQuestions = async (t: Pick<TestApp, 'app'>, query: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/api/v1/reviews/get_product_questions?shop=${SHOP_A}&${query}`, headers });
