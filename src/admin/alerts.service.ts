import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { Mailer } from '../emails/mailer.ts';
import { appendLedger, type LedgerActor } from './ledger.service.ts';

const BATCH = 50;

export async function alertSetting(db: Db, shopId: number) {
  const row = await db.selectFrom('admin_shop_settings').select('alert_max_rating').where('shop_id', '=', shopId).executeTakeFirst();
  const max = Number(row?.alert_max_rating ?? 0);
  return { enabled: max > 0, max_rating: max > 0 ? max : 2 };
}

/** Turns alerts on or off; they start with reviews arriving from now on. */
export async function setAlerts(deps: { db: Db; clock: Clock }, shopId: number, actor: LedgerActor, input: { enabled: boolean; max_rating: number }) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await alertSetting(trx, shopId);
    const latest = await trx.selectFrom('reviews').select('id').where('shop_id', '=', shopId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const values = { alert_max_rating: input.enabled ? input.max_rating : 0, alert_cursor: Number(latest?.id ?? 0), updated_at: deps.clock.now() };
    await trx
      .insertInto('admin_shop_settings')
      .values({ shop_id: shopId, ...values })
      .onConflict((oc) => oc.column('shop_id').doUpdateSet(values))
      .execute();
    const after = await alertSetting(trx, shopId);
    await appendLedger(trx, deps.clock, { shopId, actor, action: 'settings.alerts', subject: 'settings:alerts', before, after });
    return after;
  });
}

export interface AlertDeps {
  db: Db;
  config: { publicUrl: string; emailFrom: string };
  mailer: Mailer;
}

/**
 * Emails every owner of a shop about each new review at or below the shop's alert rating
 * (plain text: review text is untrusted). The cursor moves past each batch once its emails went out.
 */
export async function sendReviewAlerts(deps: AlertDeps): Promise<number> {
  const shops = await deps.db
    .selectFrom('admin_shop_settings')
    .innerJoin('shops', 'shops.id', 'admin_shop_settings.shop_id')
    .select(['shops.id', 'shops.name', 'admin_shop_settings.alert_max_rating', 'admin_shop_settings.alert_cursor'])
    .where('admin_shop_settings.alert_max_rating', '>', 0)
    .execute();
  let handled = 0;
  for (const shop of shops) {
    const reviews = await deps.db
      .selectFrom('reviews')
      .select(['id', 'rating', 'author', 'title', 'content'])
      .where('shop_id', '=', shop.id)
      .where('id', '>', shop.alert_cursor)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (reviews.length === 0) continue;
    const owners = await deps.db
      .selectFrom('shop_memberships')
      .innerJoin('merchants', 'merchants.id', 'shop_memberships.merchant_id')
      .select('merchants.email')
      .where('shop_memberships.shop_id', '=', shop.id)
      .where('shop_memberships.role', '=', 'owner')
      .execute();
    for (const review of reviews.filter((r) => r.rating <= Number(shop.alert_max_rating))) {
      for (const owner of owners) {
        await deps.mailer.send({
          from: deps.config.emailFrom,
          to: owner.email,
          subject: `New ${review.rating}-star review for ${shop.name}`,
          text: `${review.author} left ${review.rating} star${review.rating === 1 ? '' : 's'}.\n\n${review.title}\n${review.content}\n\nModerate or reply: ${deps.config.publicUrl}/admin/\n`,
        });
      }
      handled += 1;
    }
    await deps.db
      .updateTable('admin_shop_settings')
      .set({ alert_cursor: Number(reviews[reviews.length - 1]!.id) })
      .where('shop_id', '=', shop.id)
      .where('alert_cursor', '=', shop.alert_cursor)
      .execute();
  }
  return handled;
}

export const reviewAlertsTask = (deps: AlertDeps) => ({ name: 'review-alerts', runDue: () => sendReviewAlerts(deps) });
