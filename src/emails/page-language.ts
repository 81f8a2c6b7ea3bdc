import type { Db } from '../db/database.ts';
import { findOrder, findOrderByRef, latestLocaleOfCustomer } from '../orders/orders.queries.ts';
import { languageOf, supportedLanguage, type EmailLanguage } from './i18n/index.ts';
import { getEmailSettings } from './settings.service.ts';

/**
 * The language of a hosted page, chosen as the emails choose theirs: the locale carried by the
 * link's record (the order, or the customer's newest order with a locale), else the shop's default
 * email language, else English.
 */
export const shopLanguage = async (db: Db, shopId: number): Promise<EmailLanguage> => (await getEmailSettings(db, shopId)).language;

/** The page of an order's link (postpone, unsubscribe, review form). */
export async function languageOfOrderRef(db: Db, shopId: number, orderRef: number): Promise<EmailLanguage> {
  const order = await findOrderByRef(db, shopId, orderRef);
  return languageOf(order?.locale, await shopLanguage(db, shopId));
}

/** The page of an address's link (a question invitation): that customer's orders say their language. */
export async function languageOfCustomer(db: Db, shopId: number, email: string): Promise<EmailLanguage> {
  return languageOf(await latestLocaleOfCustomer(db, shopId, email.trim().toLowerCase()), await shopLanguage(db, shopId));
}

/** The page of a review's link: the review's order, else its author's orders. */
export async function languageOfReview(db: Db, shopId: number, review: { order_id: string; author_email: string } | null | undefined): Promise<EmailLanguage> {
  const order = review?.order_id ? await findOrder(db, shopId, review.order_id) : undefined;
  if (order?.locale && supportedLanguage(order.locale)) return supportedLanguage(order.locale)!;
  return review ? languageOfCustomer(db, shopId, review.author_email) : shopLanguage(db, shopId);
}

/**
 * A link that does not verify names no trustworthy record: its page speaks the browser's first
 * supported language (Accept-Language, by q-value), else English.
 */
export function languageOfBrowser(acceptLanguage: string | undefined): EmailLanguage {
  const ranked = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const language = supportedLanguage(tag);
    if (language) return language;
  }
  return 'en';
}
