import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { escapeHtml } from '../lib/html.ts';
import { appendLedger, type LedgerActor } from './ledger.service.ts';

export async function transparencyEnabled(db: Db, shopId: number): Promise<boolean> {
  const row = await db.selectFrom('admin_shop_settings').select('transparency_page').where('shop_id', '=', shopId).executeTakeFirst();
  return row?.transparency_page === 1;
}

export async function setTransparency(deps: { db: Db; clock: Clock }, shopId: number, actor: LedgerActor, enabled: boolean): Promise<boolean> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await transparencyEnabled(trx, shopId);
    const now = deps.clock.now();
    await trx
      .insertInto('admin_shop_settings')
      .values({ shop_id: shopId, transparency_page: enabled ? 1 : 0, updated_at: now })
      .onConflict((oc) => oc.column('shop_id').doUpdateSet({ transparency_page: enabled ? 1 : 0, updated_at: now }))
      .execute();
    if (before !== enabled) {
      await appendLedger(trx, deps.clock, { shopId, actor, action: 'settings.transparency', subject: 'settings:transparency', before: { enabled: before }, after: { enabled } });
    }
  });
  return enabled;
}

/** Hide actions of the last 24 months from the ledger, counted per month (YYYY-MM) and reason. */
export async function hiddenByMonth(db: Db, shopId: number, now: number): Promise<{ month: string; reason: string; count: number }[]> {
  const since = now - 731 * 24 * 3600 * 1000;
  const rows = await db.selectFrom('moderation_ledger').select(['at', 'after_json']).where('shop_id', '=', shopId).where('action', '=', 'review.hide').where('at', '>=', since).execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const reason = String((JSON.parse(row.after_json) as { hide_reason?: string }).hide_reason ?? 'other');
    const key = `${new Date(Number(row.at)).toISOString().slice(0, 7)}|${reason}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({ month: key.split('|')[0]!, reason: key.split('|')[1]!, count }))
    .sort((x, y) => (x.month === y.month ? x.reason.localeCompare(y.reason) : y.month.localeCompare(x.month)));
}

const REASON_LABELS: Record<string, string> = {
  spam: 'Spam',
  offensive: 'Offensive',
  off_topic: 'Off topic',
  personal_information: 'Personal information',
  fake: 'Fake',
  conflict_of_interest: 'Conflict of interest',
  other: 'Other',
};

export function transparencyPage(shopName: string, rows: { month: string; reason: string; count: number }[]): string {
  const reasons = Object.keys(REASON_LABELS);
  const months = [...new Set(rows.map((r) => r.month))];
  const cell = (month: string, reason: string) => rows.find((r) => r.month === month && r.reason === reason)?.count ?? 0;
  const table =
    months.length === 0
      ? '<p>No review has been hidden in the last 24 months.</p>'
      : `<table><caption>Reviews hidden per month, by reason</caption><thead><tr><th scope="col">Month</th>${reasons.map((r) => `<th scope="col">${escapeHtml(REASON_LABELS[r]!)}</th>`).join('')}</tr></thead><tbody>` +
        months.map((m) => `<tr><th scope="row">${escapeHtml(m)}</th>${reasons.map((r) => `<td>${cell(m, r)}</td>`).join('')}</tr>`).join('') +
        '</tbody></table>';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(shopName)} — review moderation transparency</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:right}th[scope=row],thead th:first-child{text-align:left}caption{text-align:left;font-weight:600;margin-bottom:.5rem}</style></head>' +
    `<body><main><h1>${escapeHtml(shopName)}: how reviews are moderated</h1>` +
    "<p>Every moderation action on this shop's reviews is recorded in a tamper-evident ledger. This page counts the reviews hidden each month and why.</p>" +
    `${table}</main></body></html>`
  );
}
