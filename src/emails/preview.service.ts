import type { Db } from '../db/database.ts';
import type { RenderedEmail } from './email-layout.ts';
import type { EmailLanguage } from './i18n/index.ts';
import { renderReviewRequest } from './render.ts';
import { shopTexts, type EmailTexts, type EmailTextType } from './texts.service.ts';

/**
 * An email as a shopper of this shop would receive it, for the shop to look at: the shop's name and
 * its two most recently updated products, a sample shopper and order, and the shop's wording (or
 * `draft`, a wording not saved yet). Its links lead nowhere real.
 */
export async function previewEmail(deps: { db: Db; publicUrl: string }, shopId: number, request: { type: EmailTextType; language: EmailLanguage; draft?: EmailTexts }): Promise<RenderedEmail> {
  const shop = await deps.db.selectFrom('shops').select(['name', 'domain']).where('id', '=', shopId).executeTakeFirstOrThrow();
  const products = await deps.db.selectFrom('products').select(['title', 'image_url']).where('shop_id', '=', shopId).orderBy('updated_at', 'desc').orderBy('product_id').limit(2).execute();
  const link = (path: string) => `${deps.publicUrl}/r/${path}?t=preview`;
  const texts = request.draft ?? (await shopTexts(deps.db, shopId, request.type, request.language));
  return renderReviewRequest(
    {
      kind: request.type,
      shopName: shop.name,
      customerFirstName: 'Alex',
      customerName: 'Alex Example',
      orderName: '#1001',
      products: (products.length ? products : [{ title: 'Sample product', image_url: '' }]).map((p) => ({ title: p.title, imageUrl: p.image_url, reviewUrl: link('review') })),
      shopUrl: `https://${shop.domain}`,
      openPixelUrl: '',
      unsubscribeUrl: link('unsubscribe'),
    },
    request.language,
    texts,
  );
}
