import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { ORDER_STATUS, type LineItem } from '../orders/orders.table.ts';
import { markOrdersScheduled } from './jobs.queries.ts';
import { askableItems, insertEmailJobs } from './schedule.ts';
import { getEmailSettings } from './settings.service.ts';

const HOUR_MS = 3_600_000;

export interface LookbackResult {
  queued: number;
  /** When the first and the last of them go out (null when none was queued). */
  first_at: number | null;
  last_at: number | null;
}

/**
 * Asks past fulfilled orders that were never asked (still Waiting: fulfilled before requests
 * were on, or imported too late for the usual 30-day rule), newest first, `perHour` an hour
 * from now so the shop's sender reputation is not spent at once. Suppression, the daily cap
 * and the reminders apply as to any request.
 */
export async function lookbackRequests(deps: { db: Db; clock: Clock }, shopId: number, since: number, perHour: number): Promise<LookbackResult> {
  const now = deps.clock.now();
  if (!Number.isFinite(since) || since > now) throw invalidArgument('since', 'must be a date in the past');
  if (!Number.isInteger(perHour) || perHour < 1 || perHour > 10_000) throw invalidArgument('per_hour', 'must be a whole number of emails, 1-10000');
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getEmailSettings(trx, shopId);
    if (settings.enabled !== 1) throw invalidArgument('enabled', 'review requests are off for this shop; turn them on first');
    const candidates = await trx
      .selectFrom('orders')
      .select(['id', 'line_items'])
      .where('shop_id', '=', shopId)
      .where('status', '=', ORDER_STATUS.waiting)
      .where('fulfilled_at', '>=', since)
      .where('cancelled_at', 'is', null)
      .where('customer_email', '!=', '')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('email_jobs').select('email_jobs.id').whereRef('email_jobs.order_ref', '=', 'orders.id'))))
      .orderBy('fulfilled_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const asked = candidates.filter((o) => askableItems(JSON.parse(o.line_items) as LineItem[], settings).length > 0);
    const runAtOf = (i: number) => now + Math.floor(i / perHour) * HOUR_MS;
    for (let start = 0; start < asked.length; start += perHour) {
      const slot = asked.slice(start, start + perHour).map((o) => o.id);
      const runAt = runAtOf(start);
      await insertEmailJobs(
        trx,
        shopId,
        slot.map((orderRef) => ({ orderRef, runAt })),
        0,
        now,
      );
      await markOrdersScheduled(trx, shopId, slot, runAt, now);
    }
    return { queued: asked.length, first_at: asked.length ? runAtOf(0) : null, last_at: asked.length ? runAtOf(asked.length - 1) : null };
  });
}
