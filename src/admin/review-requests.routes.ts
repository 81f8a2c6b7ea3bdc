import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getEmailSettings, updateEmailSettings } from '../emails/settings.service.ts';
import { EMAIL_LANGUAGES, type EmailLanguage } from '../emails/i18n/index.ts';
import { adminActorOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { definedOnly, flagOf, recordedChange } from './settings.changes.ts';

const Days = (min: number, max: number, description: string) => Type.Integer({ minimum: min, maximum: max, description });
const ReviewRequestSettings = Type.Object(
  {
    enabled: Type.Boolean({ description: 'send review-request emails' }),
    delay_days: Days(0, 365, 'days after fulfilment, 0-365'),
    reminder_days: Type.Union([Days(1, 365, 'days'), Type.Null()], { description: 'days from the request to the first reminder; null = no reminders' }),
    reminder2_days: Type.Optional(Type.Union([Days(1, 365, 'days'), Type.Null()], { description: 'days from the first reminder to the second; null = none (needs reminder_days)' })),
    reminder3_days: Type.Optional(Type.Union([Days(1, 365, 'days'), Type.Null()], { description: 'days from the second reminder to the third; null = none (needs reminder2_days)' })),
    remind_only_engaged: Type.Optional(Type.Boolean({ description: 'remind only shoppers who opened or clicked the previous email' })),
    postpone_days: Type.Optional(Days(1, 60, 'days a shopper\'s "my order hasn\'t arrived" link moves the rest of the sequence, 1-60')),
    daily_cap: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], { description: 'emails per UTC day; the rest wait for the next day; null = no cap' })),
    sender_name: Type.String({ maxLength: 100, description: 'From display name ("" = shop name)' }),
    product_ids: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 500, description: 'products to ask about; [] = all' }),
    language: Type.Optional(
      Type.String({ enum: [...EMAIL_LANGUAGES], description: `language of emails and their pages when the order carries none: ${EMAIL_LANGUAGES.join(', ')} (absent on PUT: unchanged)` }),
    ),
  },
  { additionalProperties: false },
);
const ReviewRequestSettingsView = Type.Required(ReviewRequestSettings, { additionalProperties: false });

const view = (s: Awaited<ReturnType<typeof getEmailSettings>>) => ({ ...s, enabled: s.enabled === 1, remind_only_engaged: s.remind_only_engaged === 1 });

/** When orders get a review request and its reminders; every change is also a ledger entry. */
export const reviewRequestSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/settings/review-requests',
    {
      schema: {
        summary: 'Review-request email settings',
        description: 'When and whether orders get a review request, its reminders and the daily cap.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: ReviewRequestSettingsView, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => view(await getEmailSettings(app.db, adminActorOf(request).shopId)),
  );

  app.put(
    '/shops/:shop_id/settings/review-requests',
    {
      schema: {
        summary: 'Change review-request email settings',
        description: 'Replaces every given field; the optional sequence fields and language keep their value when left out.',
        tags,
        security,
        params: ShopIdParams,
        body: ReviewRequestSettings,
        response: { 200: ReviewRequestSettingsView, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) =>
      recordedChange(app, request, 'settings.review_requests', 'settings:review_requests', async (trx) => {
        const shopId = adminActorOf(request).shopId;
        const before = view(await getEmailSettings(trx, shopId));
        const patch = definedOnly({
          ...request.body,
          enabled: request.body.enabled ? (1 as const) : (0 as const),
          remind_only_engaged: flagOf(request.body.remind_only_engaged),
          language: (request.body.language ?? before.language) as EmailLanguage,
        });
        const after = view(await updateEmailSettings({ db: trx, clock: app.clock }, shopId, patch));
        return { before, after, result: after };
      }),
  );
};
