import { Type, type Static } from '@sinclair/typebox';
import { IdInput, IdString } from '../http/schemas.ts';

export const WEBHOOK_TOPICS = ['review/created', 'review/updated', 'review/deleted', 'customer_event/created', 'question/created', 'question/answered'] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** The OAuth scope a bearer caller needs for each topic (spec webhooks.md §1). */
export const TOPIC_SCOPES: Record<WebhookTopic, string> = {
  'review/created': 'write_reviews',
  'review/updated': 'write_reviews',
  'review/deleted': 'write_reviews',
  'customer_event/created': 'read_customer_events',
  'question/created': 'read_questions',
  'question/answered': 'read_questions',
};

const Topic = (description: string) =>
  Type.Union(
    WEBHOOK_TOPICS.map((t) => Type.Literal(t)),
    { description: `${description}: ${WEBHOOK_TOPICS.join(', ')}` },
  );

const WebhookUrl = (description: string) =>
  Type.String({ minLength: 1, maxLength: 2048, description: `${description}; absolute https URL (http only when the operator allows it), at most 2048 characters` });

export const CreateWebhookBody = Type.Object({
  topic: Topic('event topic'),
  url: WebhookUrl('delivery URL'),
});
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object({
  id: IdInput('webhook id'),
  topic: Type.Optional(Topic('new topic (default: unchanged)')),
  url: Type.Optional(WebhookUrl('new delivery URL (default: unchanged)')),
});
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const DeleteWebhookBody = Type.Object({ id: IdInput('webhook id') });

/** The oldest DELETE form may carry the id in the body or the query string. */
export const LegacyDeleteWebhookBody = Type.Union([Type.Object({ id: Type.Optional(IdInput('webhook id')) }), Type.Null()], { description: 'optional JSON body with id' });
export const LegacyDeleteWebhookQuery = Type.Object({ id: Type.Optional(IdInput('webhook id (instead of the body)')) });

export const GetWebhooksQuery = Type.Object({
  topic: Type.Optional(Topic('only this topic')),
  url: Type.Optional(Type.String({ maxLength: 2048, description: 'only this exact URL' })),
  event_type: Type.Optional(Topic('oldest name of topic')),
  webhook_url: Type.Optional(Type.String({ maxLength: 2048, description: 'oldest name of url' })),
});
export type GetWebhooksQuery = Static<typeof GetWebhooksQuery>;

export const Webhook = Type.Object(
  {
    id: IdString('webhook id'),
    topic: Type.String({ description: 'event topic' }),
    url: Type.String({ description: 'delivery URL' }),
    created_at: Type.String({ description: 'RFC 3339 UTC' }),
    updated_at: Type.String({ description: 'RFC 3339 UTC' }),
  },
  { description: 'A webhook subscription' },
);
export type Webhook = Static<typeof Webhook>;
