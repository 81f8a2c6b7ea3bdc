import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { getEmailSettings, updateEmailSettings } from '../emails/settings.service.ts';
import { EMAIL_LANGUAGES, type EmailLanguage } from '../emails/i18n.ts';
import { minPublishRating, setMinPublishRating } from '../storefront/storefront.service.ts';
import { getModerationRules, updateModerationRules } from '../moderation/rules.service.ts';
import { setShopifySecret } from '../orders/shopify.service.ts';
import { rotatePrivateToken } from '../shops/shops.service.ts';
import { createWebhook, deleteWebhook } from '../webhooks/webhooks.service.ts';
import { deliveriesOfShop, describeSubscription, redeliver, subscriptionsOfShop } from '../webhooks/webhooks.admin.ts';
import { WEBHOOK_TOPICS, type WebhookTopic } from '../webhooks/webhooks.schemas.ts';
import { activeGrantsOfShop, revokeGrant } from '../oauth/grants.service.ts';
import type { AuthContext } from '../http/auth.ts';
import { adminOf } from './admin.auth.ts';
import { missing } from './admin.problems.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { appendLedger } from './ledger.service.ts';
import { alertSetting, setAlerts } from './alerts.service.ts';

const Obj = Type.Object;
const Str = (description: string) => Type.String({ description });
const Id = (description: string) => Type.String({ pattern: '^[1-9][0-9]{0,15}$', description });

const Days = (min: number, max: number, description: string) => Type.Integer({ minimum: min, maximum: max, description });
const ReviewRequestSettings = Obj(
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

const ModerationSettings = Obj(
  {
    min_publish_rating: Type.Integer({ minimum: 1, maximum: 6, description: 'storefront reviews with at least this many stars are published at once; 6 holds all' }),
    hold_links: Type.Optional(Type.Boolean({ description: "hold shoppers' reviews containing a link, an email address or a phone number" })),
    blocked_words: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 200, description: "hold shoppers' reviews containing any of these words (whole words, any case)" })),
    hold_repeat_reviewers: Type.Optional(Type.Boolean({ description: 'hold a review from an address that already reviewed the product' })),
    verified_only: Type.Optional(Type.Boolean({ description: "publish at once only verified buyers' reviews (email requests)" })),
    release_after_days: Type.Optional(Days(0, 365, 'a held review no person rejected is published after this many days; 0 = never')),
  },
  { additionalProperties: false },
);
const ModerationSettingsView = Type.Required(ModerationSettings, { additionalProperties: false });

/** Shop settings the CLI could change before; every change is also a ledger entry. */
export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = (request: FastifyRequest) => {
    const admin = adminOf(request);
    return { shopId: admin.shopId, actor: { merchantId: admin.merchantId, email: admin.email } };
  };
  /** The change and its ledger entry in one transaction. */
  const recorded = async <T>(request: FastifyRequest, action: string, subject: string, change: (trx: Db) => Promise<{ before: unknown; after: unknown; result: T }>) => {
    const { shopId, actor } = ctx(request);
    return app.db.transaction().execute(async (trx) => {
      const { before, after, result } = await change(trx);
      await appendLedger(trx, app.clock, { shopId, actor, action, subject, before, after });
      return result;
    });
  };
  const shopAuth = async (db: Db, shopId: number): Promise<AuthContext> => {
    const shop = await db.selectFrom('shops').select('domain').where('id', '=', shopId).executeTakeFirstOrThrow();
    return { shopId, shopDomain: shop.domain, scheme: 'hmac', scopes: null, platformId: 0 };
  };
  const view = (s: Awaited<ReturnType<typeof getEmailSettings>>) => ({ ...s, enabled: s.enabled === 1, remind_only_engaged: s.remind_only_engaged === 1 });
  const moderationView = async (db: Db, shopId: number) => {
    const rules = await getModerationRules(db, shopId);
    return {
      min_publish_rating: await minPublishRating(db, shopId),
      hold_links: rules.hold_links === 1,
      blocked_words: rules.blocked_words,
      hold_repeat_reviewers: rules.hold_repeat_reviewers === 1,
      verified_only: rules.verified_only === 1,
      release_after_days: rules.release_after_days,
    };
  };
  const flagOf = (value: boolean | undefined) => (value === undefined ? undefined : value ? (1 as const) : (0 as const));
  const defined = <T extends object>(patch: T) => Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;

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
    async (request) => view(await getEmailSettings(app.db, ctx(request).shopId)),
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
      recorded(request, 'settings.review_requests', 'settings:review_requests', async (trx) => {
        const shopId = ctx(request).shopId;
        const before = view(await getEmailSettings(trx, shopId));
        const patch = defined({
          ...request.body,
          enabled: request.body.enabled ? (1 as const) : (0 as const),
          remind_only_engaged: flagOf(request.body.remind_only_engaged),
          language: (request.body.language ?? before.language) as EmailLanguage,
        });
        const after = view(await updateEmailSettings({ db: trx, clock: app.clock }, shopId, patch));
        return { before, after, result: after };
      }),
  );

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
    async (request) => moderationView(app.db, ctx(request).shopId),
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
      recorded(request, 'settings.moderation', 'settings:moderation', async (trx) => {
        const shopId = ctx(request).shopId;
        const before = await moderationView(trx, shopId);
        const { min_publish_rating: minRating, hold_links, hold_repeat_reviewers, verified_only, blocked_words, release_after_days } = request.body;
        await updateModerationRules(
          { db: trx, clock: app.clock },
          shopId,
          defined({
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

  const Alerts = Obj(
    {
      enabled: Type.Boolean({ description: 'email every owner about each new review at or below max_rating' }),
      max_rating: Type.Integer({ minimum: 1, maximum: 5, description: 'alert threshold, 1-5 stars' }),
    },
    { additionalProperties: false },
  );
  app.get(
    '/shops/:shop_id/settings/alerts',
    {
      schema: { summary: 'Low-rating alert emails', description: 'Whether owners get an email for each new low rating.', tags, security, params: ShopIdParams, response: { 200: Alerts, ...PROBLEMS } },
      config: { adminRole: 'viewer' },
    },
    async (request) => alertSetting(app.db, ctx(request).shopId),
  );

  app.put(
    '/shops/:shop_id/settings/alerts',
    {
      schema: {
        summary: 'Change low-rating alerts',
        description: 'Applies to reviews arriving from now on; the worker sends the emails.',
        tags,
        security,
        params: ShopIdParams,
        body: Alerts,
        response: { 200: Alerts, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => {
      const { shopId, actor } = ctx(request);
      return setAlerts(app, shopId, actor, request.body);
    },
  );

  const Shopify = Obj({ connected: Type.Boolean({ description: 'a Shopify app secret is set (it is never shown)' }), webhook_url: Str('where Shopify sends order webhooks') });
  const shopifyView = async (db: Db, shopId: number) => ({
    connected: (await db.selectFrom('shopify_connections').select('shop_id').where('shop_id', '=', shopId).executeTakeFirst()) !== undefined,
    webhook_url: `${app.config.publicUrl}/integrations/shopify/webhooks`,
  });
  app.get(
    '/shops/:shop_id/settings/shopify',
    {
      schema: { summary: 'Shopify connection', description: 'Whether the Shopify app secret is set.', tags, security, params: ShopIdParams, response: { 200: Shopify, ...PROBLEMS } },
      config: { adminRole: 'viewer' },
    },
    async (request) => shopifyView(app.db, ctx(request).shopId),
  );

  app.put(
    '/shops/:shop_id/settings/shopify',
    {
      schema: {
        summary: 'Set the Shopify app secret',
        description: "The secret verifies Shopify's order webhooks; stored sealed and never returned.",
        tags,
        security,
        params: ShopIdParams,
        body: Body({ app_secret: Type.String({ minLength: 8, maxLength: 200, description: 'the Shopify app API secret' }) }),
        response: { 200: Shopify, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) =>
      recorded(request, 'settings.shopify', 'settings:shopify', async (trx) => {
        const shopId = ctx(request).shopId;
        const before = await shopifyView(trx, shopId);
        await setShopifySecret({ db: trx, clock: app.clock, secrets: app.secrets }, (await shopAuth(trx, shopId)).shopDomain, request.body.app_secret);
        const after = await shopifyView(trx, shopId);
        return { before: { connected: before.connected }, after: { connected: true }, result: after };
      }),
  );

  app.get(
    '/shops/:shop_id/credentials',
    {
      schema: {
        summary: 'API credentials',
        description: 'The public token. The private token is only shown when rotated.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: Obj({ public_token: Str('the shop public token') }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => ({ public_token: (await app.db.selectFrom('shops').select('public_token').where('id', '=', ctx(request).shopId).executeTakeFirstOrThrow()).public_token }),
  );

  app.post(
    '/shops/:shop_id/credentials/rotate',
    {
      schema: {
        summary: 'Rotate the private token',
        description: 'The old private token stops working at once; the new one is shown only in this response.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: Obj({ private_token: Str('the new private token (HMAC key)') }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) =>
      recorded(request, 'credentials.rotate', 'credentials:private_token', async (trx) => {
        const rotated = await rotatePrivateToken({ db: trx, clock: app.clock, secrets: app.secrets }, (await shopAuth(trx, ctx(request).shopId)).shopDomain);
        return { before: null, after: { rotated: true }, result: { private_token: rotated.private_token } };
      }),
  );

  const WebhookView = Obj({
    id: Str('webhook id'),
    platform_id: Str("0 = the shop's own"),
    topic: Str('event topic'),
    url: Str('delivery URL'),
    status: Str('enabled or disabled'),
    disabled_reason: Type.Union([Type.String(), Type.Null()], { description: 'why disabled' }),
    accept_plain_2xx: Type.Integer({ description: '1 = any 2xx counts' }),
    failing_since: Type.Union([Type.String(), Type.Null()], { description: 'first failure of the current streak' }),
    dropped_in_a_row: Type.Integer({ description: 'deliveries dropped in a row' }),
    created_at: Type.Union([Type.String(), Type.Null()], { description: 'created' }),
    updated_at: Type.Union([Type.String(), Type.Null()], { description: 'updated' }),
  });
  app.get(
    '/shops/:shop_id/webhooks',
    {
      schema: {
        summary: 'Webhook subscriptions',
        description: "The shop's own and its partner platforms' subscriptions.",
        tags,
        security,
        params: ShopIdParams,
        response: { 200: Obj({ items: Type.Array(WebhookView) }), ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => ({ items: (await subscriptionsOfShop(app.db, ctx(request).shopId)).map(describeSubscription) }),
  );

  app.post(
    '/shops/:shop_id/webhooks',
    {
      schema: {
        summary: 'Subscribe a URL to a topic',
        description: 'The same checks as create_shop_webhook (public https URL, at most 50).',
        tags,
        security,
        params: ShopIdParams,
        body: Body({
          topic: Type.Unsafe<WebhookTopic>({ type: 'string', enum: [...WEBHOOK_TOPICS], description: WEBHOOK_TOPICS.join(', ') }),
          url: Type.String({ minLength: 1, maxLength: 2048, description: 'delivery URL' }),
        }),
        response: { 201: WebhookView, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const created = await recorded(request, 'webhook.create', 'webhooks', async (trx) => {
        const webhook = await createWebhook({ db: trx, clock: app.clock, config: app.config }, await shopAuth(trx, ctx(request).shopId), request.body as { topic: WebhookTopic; url: string });
        return { before: null, after: { id: webhook.id, topic: webhook.topic, url: webhook.url }, result: webhook.id };
      });
      const row = await app.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', Number(created)).executeTakeFirstOrThrow();
      return reply.status(201).send(describeSubscription(row));
    },
  );

  const WebhookParams = Obj({ ...ShopIdParams.properties, webhook_id: Id('webhook id') });
  app.delete(
    '/shops/:shop_id/webhooks/:webhook_id',
    {
      schema: {
        summary: 'Delete a webhook subscription',
        description: 'Its pending deliveries go with it.',
        tags,
        security,
        params: WebhookParams,
        response: { 204: Type.Null({ description: 'deleted' }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      await recorded(request, 'webhook.delete', `webhook:${request.params.webhook_id}`, async (trx) => {
        await deleteWebhook({ db: trx, clock: app.clock, config: app.config }, await shopAuth(trx, ctx(request).shopId), request.params.webhook_id);
        return { before: { id: request.params.webhook_id }, after: null, result: null };
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/shops/:shop_id/webhooks/:webhook_id/deliveries',
    {
      schema: {
        summary: 'Recent deliveries of a subscription',
        description: 'Newest first, with every attempt (at most 100).',
        tags,
        security,
        params: WebhookParams,
        response: { 200: Obj({ items: Type.Array(Type.Unknown({ description: 'a delivery with its attempt log' })) }), ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => {
      const shopId = ctx(request).shopId;
      const subscription = await app.db.selectFrom('webhook_subscriptions').select('id').where('shop_id', '=', shopId).where('id', '=', Number(request.params.webhook_id)).executeTakeFirst();
      if (!subscription) throw missing('webhook');
      const all = await deliveriesOfShop(app.db, shopId, { failedOnly: false, limit: 500 });
      return { items: all.filter((d) => d.subscription_id === request.params.webhook_id).slice(0, 100) };
    },
  );

  app.post(
    '/shops/:shop_id/webhooks/:webhook_id/deliveries/:delivery_id/redeliver',
    {
      schema: {
        summary: 'Send a delivery again',
        description: 'Same body and message id, fresh attempts.',
        tags,
        security,
        params: Obj({ ...WebhookParams.properties, delivery_id: Id('delivery id') }),
        response: { 202: Obj({ delivery_id: Str('the new delivery'), message_id: Str('same message id') }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const shopId = ctx(request).shopId;
      const delivery = await app.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('shop_id', '=', shopId)
        .where('subscription_id', '=', Number(request.params.webhook_id))
        .where('id', '=', Number(request.params.delivery_id))
        .executeTakeFirst();
      if (!delivery) throw missing('delivery');
      const result = await recorded(request, 'webhook.redeliver', `webhook:${request.params.webhook_id}`, async (trx) => {
        const again = await redeliver(trx, Number(delivery.id), app.clock.now());
        return { before: { delivery_id: request.params.delivery_id }, after: again, result: again };
      });
      return reply.status(202).send(result);
    },
  );

  app.get(
    '/shops/:shop_id/platforms',
    {
      schema: {
        summary: 'Connected partner platforms',
        description: 'Platforms the shop authorised through OAuth, with their scopes.',
        tags,
        security,
        params: ShopIdParams,
        response: {
          200: Obj({
            items: Type.Array(
              Obj({
                platform_id: Str('platform id'),
                name: Str('platform name'),
                client_id: Str('OAuth client id'),
                scopes: Type.Array(Type.String(), { description: 'granted scopes' }),
                connected_at: Str('RFC 3339'),
              }),
            ),
          }),
          ...PROBLEMS,
        },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => ({
      items: (await activeGrantsOfShop(app.db, ctx(request).shopId)).map((g) => ({
        platform_id: String(g.platform_id),
        name: g.name,
        client_id: g.client_id,
        scopes: String(g.scopes).split(/[ ,]+/).filter(Boolean),
        connected_at: new Date(Number(g.authorized_at)).toISOString(),
      })),
    }),
  );

  app.delete(
    '/shops/:shop_id/platforms/:platform_id',
    {
      schema: {
        summary: 'Disconnect a platform',
        description: 'Revokes its grant and tokens; its webhooks stop.',
        tags,
        security,
        params: Obj({ ...ShopIdParams.properties, platform_id: Id('platform id') }),
        response: { 204: Type.Null({ description: 'disconnected' }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const { shopId, actor } = ctx(request);
      const revoked = await revokeGrant({ db: app.db, clock: app.clock, secrets: app.secrets, hooks: app.oauthHooks }, Number(request.params.platform_id), shopId, 'merchant_cancelled');
      if (!revoked) throw missing('platform connection');
      await app.db
        .transaction()
        .execute((trx) =>
          appendLedger(trx, app.clock, { shopId, actor, action: 'platform.disconnect', subject: `platform:${request.params.platform_id}`, before: { connected: true }, after: { connected: false } }),
        );
      return reply.status(204).send(null);
    },
  );
};
