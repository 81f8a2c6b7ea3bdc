import { compiledOnce } from '../db/compiled.ts';
import type { Db } from '../db/database.ts';
import type { NewWebhookSubscriptionRow, WebhookSubscriptionRow } from './webhooks.table.ts';

/** Who owns a subscription: the shop, through its own integration (platform 0) or an OAuth platform. */
export interface WebhookOwner {
  shopId: number;
  platformId: number;
}

const owned = (db: Db, owner: WebhookOwner) => db.selectFrom('webhook_subscriptions').selectAll().where('shop_id', '=', owner.shopId).where('platform_id', '=', owner.platformId);

export const findOwnedSubscription = (db: Db, owner: WebhookOwner, id: number): Promise<WebhookSubscriptionRow | undefined> => owned(db, owner).where('id', '=', id).executeTakeFirst();

export const findOwnedByTopicUrl = (db: Db, owner: WebhookOwner, topic: string, url: string) => owned(db, owner).where('topic', '=', topic).where('url', '=', url).executeTakeFirst();

export function listOwnedSubscriptions(db: Db, owner: WebhookOwner, filter: { topic?: string; url?: string }) {
  let query = owned(db, owner);
  if (filter.topic !== undefined) query = query.where('topic', '=', filter.topic);
  if (filter.url !== undefined) query = query.where('url', '=', filter.url);
  return query.orderBy('id').execute();
}

export async function countOwnedSubscriptions(db: Db, owner: WebhookOwner): Promise<number> {
  const row = await db
    .selectFrom('webhook_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('shop_id', '=', owner.shopId)
    .where('platform_id', '=', owner.platformId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertSubscription(db: Db, row: NewWebhookSubscriptionRow): Promise<number> {
  const inserted = await db.insertInto('webhook_subscriptions').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export const updateOwnedSubscription = (db: Db, owner: WebhookOwner, id: number, topic: string, url: string, now: number) =>
  db
    .updateTable('webhook_subscriptions')
    // Changing a subscription re-enables it: the partner has acted on it.
    .set({ topic, url, status: 'enabled', disabled_reason: null, failing_since: null, dropped_in_a_row: 0, updated_at: now })
    .where('shop_id', '=', owner.shopId)
    .where('platform_id', '=', owner.platformId)
    .where('id', '=', id)
    .executeTakeFirst();

export const deleteOwnedSubscription = (db: Db, owner: WebhookOwner, id: number) =>
  db.deleteFrom('webhook_subscriptions').where('shop_id', '=', owner.shopId).where('platform_id', '=', owner.platformId).where('id', '=', id).executeTakeFirst();

/** For the OAuth feature: revoking or disconnecting a platform removes its subscriptions for that shop. */
export const deletePlatformSubscriptions = (db: Db, shopId: number, platformId: number) =>
  db.deleteFrom('webhook_subscriptions').where('shop_id', '=', shopId).where('platform_id', '=', platformId).where('platform_id', '!=', 0).execute();

const enabledSubscribersQuery = compiledOnce((db, { shopId, topic }: { shopId: number; topic: string }) =>
  db.selectFrom('webhook_subscriptions').select(['id']).where('shop_id', '=', shopId).where('topic', '=', topic).where('status', '=', 'enabled'),
);

/** The enabled subscribers of one shop's topic: what an event fans out to. Asked by every review write: compiled once. */
export const enabledSubscribers = (db: Db, shopId: number, topic: string) => enabledSubscribersQuery(db, { shopId, topic });

/** A unique-index violation on either database (a concurrent duplicate insert). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
