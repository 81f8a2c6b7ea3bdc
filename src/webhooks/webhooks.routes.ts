import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { PARTNER_SECURITY } from '../http/openapi.ts';
import { CreateWebhookBody, DeleteWebhookBody, GetWebhooksQuery, LegacyDeleteWebhookBody, LegacyDeleteWebhookQuery, UpdateWebhookBody, Webhook } from './webhooks.schemas.ts';
import { createWebhook, deleteWebhook, listWebhooks, updateWebhook } from './webhooks.service.ts';

const tags = ['Webhooks'];
const partner = { auth: 'partner' } as const;
const Empty = Type.Object({}, { description: 'empty' });

const SCOPE_NOTE = 'Bearer callers need the scope of the topic: write_reviews for review/*, read_customer_events for customer_event/created, read_questions for question/*.';

/** Subscription endpoints (spec endpoints.md §C). `legacy` mounts the oldest methods (§J): PUT update, DELETE delete. */
const webhookRoutes =
  (legacy: boolean): FastifyPluginAsyncTypebox =>
  async (app) => {
    const note = legacy ? ' Oldest path of the same endpoint; prefer /api/v1/openapi.' : '';
    const common = { tags, security: PARTNER_SECURITY, ...(legacy ? { deprecated: true } : {}) };

    app.post(
      '/create_shop_webhook',
      {
        schema: {
          summary: legacy ? 'Create a webhook (legacy path)' : 'Create a webhook',
          description:
            'Subscribes a URL to a topic for the calling shop (HMAC) or platform and shop (bearer). The same topic and url twice: code 6; ' + `more than 50 webhooks: code 8. ${SCOPE_NOTE}${note}`,
          ...common,
          body: CreateWebhookBody,
          response: { 200: envelopeOf(Webhook) },
        },
        config: partner,
      },
      async (request) => ok(request, await createWebhook(app, request.auth, request.body)),
    );

    app.route({
      method: legacy ? 'PUT' : 'POST',
      url: '/update_shop_webhook',
      schema: {
        summary: legacy ? 'Update a webhook (legacy path, PUT)' : 'Update a webhook',
        description: "Changes the topic and/or url of one of the caller's webhooks (an omitted field keeps its value) and re-enables it. " + `Unknown or foreign id: code 5. ${SCOPE_NOTE}${note}`,
        ...common,
        body: UpdateWebhookBody,
        response: { 200: envelopeOf(Webhook) },
      },
      config: partner,
      handler: async (request) => ok(request, await updateWebhook(app, request.auth, request.body)),
    });

    if (legacy) {
      app.delete(
        '/delete_shop_webhook',
        {
          schema: {
            summary: 'Delete a webhook (legacy path, DELETE)',
            description: `Deletes one of the caller's webhooks; the id comes in the JSON body or as ?id=. Unknown or foreign id: code 5.${note}`,
            ...common,
            body: LegacyDeleteWebhookBody,
            querystring: LegacyDeleteWebhookQuery,
            response: { 200: envelopeOf(Empty) },
          },
          config: partner,
        },
        async (request) => {
          await deleteWebhook(app, request.auth, request.body?.id ?? request.query.id);
          return ok(request, {});
        },
      );
    } else {
      app.post(
        '/delete_shop_webhook',
        {
          schema: {
            summary: 'Delete a webhook',
            description: "Deletes one of the caller's webhooks and its pending deliveries. Unknown or foreign id: code 5.",
            ...common,
            body: DeleteWebhookBody,
            response: { 200: envelopeOf(Empty) },
          },
          config: partner,
        },
        async (request) => {
          await deleteWebhook(app, request.auth, request.body.id);
          return ok(request, {});
        },
      );
    }

    app.get(
      '/get_shop_webhooks',
      {
        schema: {
          summary: legacy ? 'List webhooks (legacy path)' : 'List webhooks',
          description:
            "Every webhook the caller owns (HMAC: the shop's own; bearer: that platform's for the shop), by id, unpaginated; " +
            `data is an array. Optional filters topic and url (oldest names event_type, webhook_url).${note}`,
          ...common,
          querystring: GetWebhooksQuery,
          response: { 200: envelopeOf(Type.Array(Webhook)) },
        },
        config: partner,
      },
      async (request) => ok(request, await listWebhooks(app, request.auth, request.query)),
    );
  };

export const webhooksRoutes = webhookRoutes(false);
export const legacyWebhooksRoutes = webhookRoutes(true);
export const LEGACY_API_PREFIX = '/api/v1/open_api';
