import { Type, type Static } from '@sinclair/typebox';
import { recordCustomerEvent, osTypeOf, type CustomerEventDeps } from '../customers/customer-events.service.ts';
import { invalidArgument, notFound } from '../http/errors.ts';
import type { ShopRow } from '../shops/shops.table.ts';
import { findPublishedReviewId } from './storefront.queries.ts';
import { ShopSelectorSchema } from './storefront.schemas.ts';

/** The spec's customer event types a storefront may report (schemas.md customer event). */
export const STOREFRONT_EVENT_TYPES = ['VIEW_REVIEW', 'EXPAND_CONTENT', 'SUBMIT_REVIEW', 'CLICK_REVIEW', 'PAGINATION', 'FILTER_REVIEW', 'SORT_REVIEW', 'CLICK_MEDIA', 'CLOSE_VIDEO_POPUP'] as const;
export const OS_TYPES = ['IOS', 'ANDROID', 'WINDOWS', 'MACOS', 'LINUX', 'OTHER'] as const;
/** Storefront events are anonymous and frequent: a small `extra`, far below the 4 KB the service allows. */
export const MAX_STOREFRONT_EXTRA_BYTES = 512;

const NumericId = (description: string) => Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[0-9]{1,20}$' })], { description });

export const StorefrontEventBody = Type.Object(
  {
    ...ShopSelectorSchema,
    event_type: Type.Union(
      STOREFRONT_EVENT_TYPES.map((t) => Type.Literal(t)),
      { description: `one of ${STOREFRONT_EVENT_TYPES.join(', ')}` },
    ),
    event_source: Type.Optional(Type.Literal('STOREFRONT', { description: 'always STOREFRONT (the default); other sources are not accepted from shoppers' })),
    os_type: Type.Optional(
      Type.Union(
        OS_TYPES.map((t) => Type.Literal(t)),
        { description: `${OS_TYPES.join(', ')}; absent = derived from the User-Agent` },
      ),
    ),
    review_id: Type.Optional(NumericId("a published review of this shop the event concerns (another shop's or a held review: code 5)")),
    product_id: Type.Optional(NumericId('store product id the page shows')),
    page_url: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://\\S+$', description: 'the storefront page (http or https URL)' })),
    extra: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]), {
        maxProperties: 10,
        description: `small details such as {"page": 2} or {"star": 5}: at most 10 keys of strings, numbers or booleans, ${MAX_STOREFRONT_EXTRA_BYTES} bytes of JSON`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type StorefrontEventBody = Static<typeof StorefrontEventBody>;

export const StorefrontEventResult = Type.Object({
  recorded: Type.Integer({ description: '1: the event was stored' }),
});

/**
 * A shopper's interaction reported by the widget. Anonymous: no customer id or email is accepted,
 * so nobody can attribute events to a customer; a review id must be a published review of this shop.
 */
export async function reportStorefrontEvent(deps: CustomerEventDeps, shop: ShopRow, body: StorefrontEventBody, userAgent: string | undefined): Promise<{ recorded: 1 }> {
  const extra = body.extra ?? {};
  if (Buffer.byteLength(JSON.stringify(extra)) > MAX_STOREFRONT_EXTRA_BYTES) throw invalidArgument('extra', `must be at most ${MAX_STOREFRONT_EXTRA_BYTES} bytes of JSON`);
  const reviewId = body.review_id === undefined ? '' : String(Number(body.review_id));
  if (reviewId !== '' && (!Number.isSafeInteger(Number(reviewId)) || !(await findPublishedReviewId(deps.db, shop.id, Number(reviewId))))) throw notFound('review');
  await recordCustomerEvent(deps, shop.id, {
    event_type: body.event_type,
    event_source: 'STOREFRONT',
    os_type: body.os_type ?? osTypeOf(userAgent),
    ...(reviewId ? { review_id: reviewId } : {}),
    ...(body.product_id === undefined ? {} : { product_id: String(body.product_id).replace(/^0+(?=\d)/, '') }),
    ...(body.page_url === undefined ? {} : { page_url: body.page_url }),
    extra,
  });
  return { recorded: 1 };
}
