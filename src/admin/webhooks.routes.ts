import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createWebhook, deleteWebhook } from '../webhooks/webhooks.service.ts';
import { deliveriesOfShop, describeSubscription, redeliver, subscriptionsOfShop } from '../webhooks/webhooks.admin.ts';
import { WEBHOOK_TOPICS, type WebhookTopic } from '../webhooks/webhooks.schemas.ts';
import { adminActorOf } from './admin.auth.ts';
import { missing } from './admin.problems.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, DescribedString as Str, IdParam, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { recordedChange, shopAuthOf } from './settings.changes.ts';

const Obj = Type.Object;
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
const WebhookParams = Obj({ ...ShopIdParams.properties, webhook_id: IdParam('webhook id') });

/** The shop's webhook subscriptions and their deliveries; every change is also a ledger entry. */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
    async (request) => ({ items: (await subscriptionsOfShop(app.db, adminActorOf(request).shopId)).map(describeSubscription) }),
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
      const created = await recordedChange(app, request, 'webhook.create', 'webhooks', async (trx) => {
        const webhook = await createWebhook(
          { db: trx, clock: app.clock, config: app.config },
          await shopAuthOf(trx, adminActorOf(request).shopId),
          request.body as { topic: WebhookTopic; url: string },
        );
        return { before: null, after: { id: webhook.id, topic: webhook.topic, url: webhook.url }, result: webhook.id };
      });
      const row = await app.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', Number(created)).executeTakeFirstOrThrow();
      return reply.status(201).send(describeSubscription(row));
    },
  );

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
      await recordedChange(app, request, 'webhook.delete', `webhook:${request.params.webhook_id}`, async (trx) => {
        await deleteWebhook({ db: trx, clock: app.clock, config: app.config }, await shopAuthOf(trx, adminActorOf(request).shopId), request.params.webhook_id);
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
      const shopId = adminActorOf(request).shopId;
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
        params: Obj({ ...WebhookParams.properties, delivery_id: IdParam('delivery id') }),
        response: { 202: Obj({ delivery_id: Str('the new delivery'), message_id: Str('same message id') }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const shopId = adminActorOf(request).shopId;
      const delivery = await app.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('shop_id', '=', shopId)
        .where('subscription_id', '=', Number(request.params.webhook_id))
        .where('id', '=', Number(request.params.delivery_id))
        .executeTakeFirst();
      if (!delivery) throw missing('delivery');
      const result = await recordedChange(app, request, 'webhook.redeliver', `webhook:${request.params.webhook_id}`, async (trx) => {
        const again = await redeliver(trx, Number(delivery.id), app.clock.now());
        return { before: { delivery_id: request.params.delivery_id }, after: again, result: again };
      });
      return reply.status(202).send(result);
    },
  );
};
