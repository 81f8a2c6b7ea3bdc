import { Type, type Static } from '@sinclair/typebox';
import { IdInput, IdString, PagedList, PageQuery } from '../http/schemas.ts';

/** The spec's email types (endpoints.md §H1); `all` covers every one of them. */
export const EMAIL_TYPES = [
  'all',
  'review_request',
  'review_request_test',
  'discount_for_photo_review',
  'left_review',
  'market_email',
  'question_notification',
  'answer_notification',
  'review_request_quota_exhausted',
  'review_display_quota_exhausted',
  'reply_to_review',
  'post_purchase_referral',
  'advocate_reward_paid',
  'advocate_reward_refund',
  'review_media_remind',
  'auto_leave_review',
  'request_update_review',
] as const;

const SORT = Type.Union([Type.Literal('created-ascending'), Type.Literal('created-descending'), Type.Literal('')], {
  description: 'created-ascending | created-descending (default; "" = default)',
});

/** Upper-case tokens; the spec's lists end in "etc.", so unknown values are accepted as-is. "" = no filter. */
const TokenFilter = (description: string) => Type.String({ pattern: '^[A-Z0-9_]{0,64}$', description });

export const CustomerEvent = Type.Object(
  {
    id: IdString('event id'),
    event_type: Type.String({ description: 'e.g. VIEW_REVIEW, CLICK_MEDIA, SEND_EMAIL, OPEN_EMAIL, CLICK_EMAIL, SUBMIT_REVIEW' }),
    os_type: Type.String({ description: 'IOS, ANDROID, WINDOWS, MACOS, LINUX, OTHER, or "" when unknown' }),
    event_source: Type.String({ description: 'STOREFRONT, EMAIL, ADMIN, …' }),
    customer_id: Type.String({ description: 'store customer id, "" for anonymous visitors' }),
    customer_email: Type.String({ description: 'shopper email, "" when unknown' }),
    review_id: Type.String({ description: 'review id when the event concerns a review, else ""' }),
    product_id: Type.String({ description: 'store product id, else ""' }),
    page_url: Type.String({ description: 'storefront URL, else ""' }),
    extra: Type.Record(Type.String(), Type.Unknown(), { description: 'free-form details (e.g. order_id, page number)' }),
    created_at: Type.String({ description: 'RFC 3339 UTC' }),
  },
  { description: 'A shopper interaction with the widget or a review-request email' },
);
export type CustomerEvent = Static<typeof CustomerEvent>;

export const GetCustomerEventsQuery = Type.Object({
  event_type: Type.Optional(TokenFilter('event type filter, e.g. CLICK_MEDIA')),
  os_type: Type.Optional(TokenFilter('operating system filter, e.g. IOS')),
  event_source: Type.Optional(TokenFilter('source filter: STOREFRONT, EMAIL, ADMIN, …')),
  sort_by: Type.Optional(SORT),
  ...PageQuery,
});
export type GetCustomerEventsQuery = Static<typeof GetCustomerEventsQuery>;

export const EmailUnsubscribeBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254, description: 'shopper email (trimmed, lower-cased)' }),
  email_type: Type.Union(
    EMAIL_TYPES.map((t) => Type.Literal(t)),
    { description: `one of ${EMAIL_TYPES.join(', ')}` },
  ),
});
export type EmailUnsubscribeBody = Static<typeof EmailUnsubscribeBody>;

export const ExclusionTarget = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 254, description: 'shopper email (give this or customer_id, not both)' })),
  customer_id: Type.Optional(IdInput('store customer id (give this or email, not both)')),
});
export type ExclusionTarget = Static<typeof ExclusionTarget>;

export const CustomerExclusion = Type.Object(
  {
    customer_id: Type.String({ description: 'store customer id, "" when only the email is known' }),
    first_name: Type.String(),
    last_name: Type.String(),
    email: Type.String({ description: 'the excluded email, "" when only the customer id is known' }),
    phone: Type.String(),
    created_at: Type.String({ description: 'RFC 3339 UTC' }),
    updated_at: Type.String({ description: 'RFC 3339 UTC' }),
  },
  { description: 'A customer who gets no review-request emails' },
);
export type CustomerExclusion = Static<typeof CustomerExclusion>;

export const GetExclusionsQuery = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 254, description: 'only this email ("" = no filter)' })),
  customer_id: Type.Optional(Type.String({ pattern: '^[0-9]{0,20}$', description: 'only this customer id ("" = no filter)' })),
  sort_by: Type.Optional(SORT),
  ...PageQuery,
});
export type GetExclusionsQuery = Static<typeof GetExclusionsQuery>;

export const CustomerEventList = PagedList(CustomerEvent);
export const CustomerExclusionList = PagedList(CustomerExclusion);
