import type { Db } from '../db/database.ts';
import { alreadyExists, ApiError, invalidArgument, notFound, permissionDenied } from '../http/errors.ts';
import type { AuthContext } from '../http/auth.ts';
import type { Clock } from '../lib/clock.ts';
import { idString } from '../lib/ids.ts';
import { formatRfc3339 } from '../lib/time.ts';
import type { WebhookConfig } from './webhooks.config.ts';
import {
  countOwnedSubscriptions,
  deleteOwnedSubscription,
  findOwnedByTopicUrl,
  findOwnedSubscription,
  insertSubscription,
  isUniqueViolation,
  listOwnedSubscriptions,
  updateOwnedSubscription,
  type WebhookOwner,
} from './webhooks.queries.ts';
import { TOPIC_SCOPES, WEBHOOK_TOPICS, type CreateWebhookBody, type GetWebhooksQuery, type UpdateWebhookBody, type Webhook, type WebhookTopic } from './webhooks.schemas.ts';
import type { WebhookSubscriptionRow } from './webhooks.table.ts';
import { checkSubscriptionUrl } from './webhooks.url.ts';

export interface WebhookDeps {
  db: Db;
  clock: Clock;
  config: { webhooks: WebhookConfig };
}

export const MAX_WEBHOOKS_PER_OWNER = 50;

const ownerOf = (auth: AuthContext): WebhookOwner => ({ shopId: auth.shopId, platformId: auth.platformId });

/** Bearer callers need the topic's scope (spec webhooks.md §1); HMAC callers have every scope. */
function requireTopicScope(auth: AuthContext, topic: WebhookTopic): void {
  const scope = TOPIC_SCOPES[topic];
  if (auth.scopes && !auth.scopes.has(scope)) throw permissionDenied(`topic ${topic} needs the ${scope} scope`);
}

/** Webhook ids arrive as numbers or numeric strings; anything else cannot name a webhook. */
export function webhookIdFrom(raw: number | string | undefined): number {
  if (raw === undefined) throw invalidArgument('id', 'is required');
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound('webhook');
  return id;
}

export const toWebhook = (row: WebhookSubscriptionRow): Webhook => ({
  id: idString(row.id),
  topic: row.topic,
  url: row.url,
  created_at: formatRfc3339(row.created_at),
  updated_at: formatRfc3339(row.updated_at),
});

export async function createWebhook(deps: WebhookDeps, auth: AuthContext, body: CreateWebhookBody): Promise<Webhook> {
  requireTopicScope(auth, body.topic);
  const url = checkSubscriptionUrl(body.url, deps.config.webhooks);
  const owner = ownerOf(auth);
  if (await findOwnedByTopicUrl(deps.db, owner, body.topic, url)) throw alreadyExists(`webhook for ${body.topic} to this url`);
  if ((await countOwnedSubscriptions(deps.db, owner)) >= MAX_WEBHOOKS_PER_OWNER) {
    throw new ApiError('resource_exhausted', `at most ${MAX_WEBHOOKS_PER_OWNER} webhooks per shop and integration`);
  }
  const now = deps.clock.now();
  const row = {
    shop_id: owner.shopId,
    platform_id: owner.platformId,
    topic: body.topic,
    url,
    status: 'enabled' as const,
    disabled_reason: null,
    accept_plain_2xx: 0,
    failing_since: null,
    dropped_in_a_row: 0,
    created_at: now,
    updated_at: now,
  };
  try {
    const id = await insertSubscription(deps.db, row);
    return toWebhook({ ...row, id });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyExists(`webhook for ${body.topic} to this url`);
    throw error;
  }
}

/** Changes topic and/or url (omitted fields keep their value) and re-enables the subscription. */
export async function updateWebhook(deps: WebhookDeps, auth: AuthContext, body: UpdateWebhookBody): Promise<Webhook> {
  const owner = ownerOf(auth);
  const id = webhookIdFrom(body.id);
  const current = await findOwnedSubscription(deps.db, owner, id);
  if (!current) throw notFound('webhook');
  const topic = body.topic ?? (current.topic as WebhookTopic);
  requireTopicScope(auth, topic);
  const url = body.url === undefined ? current.url : checkSubscriptionUrl(body.url, deps.config.webhooks);
  const clash = await findOwnedByTopicUrl(deps.db, owner, topic, url);
  if (clash && clash.id !== id) throw alreadyExists(`webhook for ${topic} to this url`);
  const now = deps.clock.now();
  try {
    const updated = await updateOwnedSubscription(deps.db, owner, id, topic, url, now);
    if (Number(updated.numUpdatedRows) === 0) throw notFound('webhook');
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyExists(`webhook for ${topic} to this url`);
    throw error;
  }
  return toWebhook({ ...current, topic, url, updated_at: now });
}

/** Deletes the subscription; its pending deliveries go with it. */
export async function deleteWebhook(deps: WebhookDeps, auth: AuthContext, rawId: number | string | undefined): Promise<void> {
  const owner = ownerOf(auth);
  const id = webhookIdFrom(rawId);
  const current = await findOwnedSubscription(deps.db, owner, id);
  if (!current) throw notFound('webhook');
  requireTopicScope(auth, current.topic as WebhookTopic);
  const deleted = await deleteOwnedSubscription(deps.db, owner, id);
  if (Number(deleted.numDeletedRows) === 0) throw notFound('webhook');
}

/** Every subscription of the caller (HMAC: the shop's own; bearer: that platform's), by id. */
export async function listWebhooks(deps: WebhookDeps, auth: AuthContext, query: GetWebhooksQuery): Promise<Webhook[]> {
  if (auth.scopes && !WEBHOOK_TOPICS.some((t) => auth.scopes!.has(TOPIC_SCOPES[t]))) {
    throw permissionDenied('listing webhooks needs write_reviews or read_customer_events');
  }
  const topic = query.topic ?? query.event_type;
  const url = query.url ?? query.webhook_url;
  const rows = await listOwnedSubscriptions(deps.db, ownerOf(auth), { topic, url });
  return rows.map(toWebhook);
}
