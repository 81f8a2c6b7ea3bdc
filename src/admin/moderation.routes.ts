import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/database.ts';
import { minPublishRating, setMinPublishRating } from '../storefront/storefront.service.ts';
import { getModerationRules, updateModerationRules } from '../moderation/rules.service.ts';
import { adminActorOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { definedOnly, flagOf, recordedChange } from './settings.changes.ts';

const ModerationSettings = Type.Object(
  {
    min_publish_rating: Type.Integer({ minimum: 1, maximum: 6, description: 'storefront reviews with at least this many stars are published at once; 6 holds all' }),
    hold_links: Type.Optional(Type.Boolean({ description: "hold shoppers' reviews containing a link, an email address or a phone number" })),
    blocked_words: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 200, description: "hold shoppers' reviews containing any of these words (whole words, any case)" })),
    hold_repeat_reviewers: Type.Optional(Type.Boolean({ description: 'hold a review from an address that already reviewed the product' })),
    verified_only: Type.Optional(Type.Boolean({ description: "publish at once only verified buyers' reviews (email requests)" })),
    release_after_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, description: 'a held review no person rejected is published after this many days; 0 = never' })),
  },
  { additionalProperties: false },
);
const ModerationSettingsView = Type.Required(ModerationSettings, { additionalProperties: false });

async function moderationView(db: Db, shopId: number) {
  const rules = await getModerationRules(db, shopId);
  return {
    min_publish_rating: await minPublishRating(db, shopId),
    hold_links: rules.hold_links === 1,
    blocked_words: rules.blocked_words,
    hold_repeat_reviewers: rules.hold_repeat_reviewers === 1,
    verified_only: rules.verified_only === 1,
    release_after_days: rules.release_after_days,
  };
}

/** Which shoppers' reviews are held for moderation; every change is also a ledger entry. */
export const moderationSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/settings/moderation',
    {
      schema: {
        summary: 'Moderation rules',
        description: "Which shoppers' reviews are published without moderation, and when held ones are published anyway.",
        tags,
        security,
        params: ShopIdParams,
        response: { 200: ModerationSettingsView, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => moderationView(app.db, adminActorOf(request).shopId),
  );

  app.put(
    '/shops/:shop_id/settings/moderation',
    {
      schema: {
        summary: 'Change the moderation rules',
        description: 'Applies to reviews submitted from now on (the release delay also to reviews held now). Fields left out keep their value.',
        tags,
        security,
        params: ShopIdParams,
        body: ModerationSettings,
        response: { 200: ModerationSettingsView, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) =>
      recordedChange(app, request, 'settings.moderation', 'settings:moderation', async (trx) => {
        const shopId = adminActorOf(request).shopId;
        const before = await moderationView(trx, shopId);
        const { min_publish_rating: minRating, hold_links, hold_repeat_reviewers, verified_only, blocked_words, release_after_days } = request.body;
        await updateModerationRules(
          { db: trx, clock: app.clock },
          shopId,
          definedOnly({
            hold_links: flagOf(hold_links),
            hold_repeat_reviewers: flagOf(hold_repeat_reviewers),
            verified_only: flagOf(verified_only),
            blocked_words,
            release_after_days,
          }),
        );
        await setMinPublishRating({ db: trx, clock: app.clock }, shopId, minRating);
        const after = await moderationView(trx, shopId);
        return { before, after, result: after };
      }),
  );
};
