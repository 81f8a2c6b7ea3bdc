import { findOrderByRef } from '../orders/orders.queries.ts';
import { ORDER_STATUS } from '../orders/orders.table.ts';
import { markJobEngaged } from './jobs.queries.ts';
import { DAY_MS, insertEmailJobs } from './schedule.ts';
import { getEmailSettings } from './settings.service.ts';
import type { TrackingDeps } from './tracking.service.ts';

export type PostponeState = { kind: 'closed' } | { kind: 'open'; shopName: string; days: number };

/** What the postpone link leads to: the offer, or nothing for an order that is reviewed or cancelled. */
export async function postponeState(deps: Pick<TrackingDeps, 'db'>, claims: { s: number; o: number }): Promise<PostponeState> {
  const order = await findOrderByRef(deps.db, claims.s, claims.o);
  const shop = await deps.db.selectFrom('shops').select('name').where('id', '=', claims.s).executeTakeFirst();
  if (!order || !shop || order.cancelled_at !== null || order.status === ORDER_STATUS.cancelled || order.status === ORDER_STATUS.evaluated) return { kind: 'closed' };
  return { kind: 'open', shopName: shop.name, days: (await getEmailSettings(deps.db, claims.s)).postpone_days };
}

/**
 * "My order hasn't arrived yet": the order's next email goes no earlier than `postpone_days`
 * from now and the rest of the sequence moves with it, keeping its gaps. When nothing is left
 * to send, one reminder is queued for then. Posting twice moves nothing further. Returns the
 * time of the next email, or null when the order is closed.
 */
export async function postponeSequence(deps: TrackingDeps, claims: { s: number; o: number; j?: number }): Promise<number | null> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const order = await findOrderByRef(trx, claims.s, claims.o);
    if (!order || order.cancelled_at !== null || order.status === ORDER_STATUS.cancelled || order.status === ORDER_STATUS.evaluated) return null;
    const target = now + (await getEmailSettings(trx, claims.s)).postpone_days * DAY_MS;
    if (claims.j !== undefined) await markJobEngaged(trx, claims.s, claims.o, claims.j, now);
    const jobs = await trx.selectFrom('email_jobs').select(['id', 'state', 'step', 'run_at']).where('shop_id', '=', claims.s).where('order_ref', '=', claims.o).execute();
    const pending = jobs.filter((j) => j.state === 'pending').sort((a, b) => a.run_at - b.run_at);
    if (pending.length === 0) {
      const lastStep = Math.max(0, ...jobs.filter((j) => j.state === 'sent').map((j) => j.step));
      await insertEmailJobs(trx, claims.s, [{ orderRef: claims.o, runAt: target }], Math.max(1, lastStep), now);
      return target;
    }
    const shift = target - pending[0]!.run_at;
    if (shift <= 0) return pending[0]!.run_at;
    await trx
      .updateTable('email_jobs')
      .set((eb) => ({ run_at: eb('run_at', '+', shift), updated_at: now }))
      .where(
        'id',
        'in',
        pending.map((j) => j.id),
      )
      .execute();
    return target;
  });
}
