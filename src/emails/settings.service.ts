import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { EMAIL_LANGUAGES, supportedLanguage, type EmailLanguage } from './i18n.ts';

/** Per-shop review-request settings. A shop without a row uses the defaults. */
export interface EmailSettings {
  enabled: 0 | 1;
  delay_days: number;
  reminder_days: number | null;
  sender_name: string;
  /** Products to ask about; [] = every product in the order. */
  product_ids: string[];
  /** Language of emails and their pages when the order carries none (en, fr, de, es, it, nl, pt, ja, zh, ar). */
  language: EmailLanguage;
}

export const DEFAULT_EMAIL_SETTINGS: EmailSettings = { enabled: 1, delay_days: 7, reminder_days: null, sender_name: '', product_ids: [], language: 'en' };

export async function getEmailSettings(db: Db, shopId: number): Promise<EmailSettings> {
  const row = await db.selectFrom('email_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) return { ...DEFAULT_EMAIL_SETTINGS };
  return {
    enabled: row.enabled === 1 ? 1 : 0,
    delay_days: row.delay_days,
    reminder_days: row.reminder_days,
    sender_name: row.sender_name,
    product_ids: JSON.parse(row.product_ids) as string[],
    language: supportedLanguage(row.language) ?? 'en',
  };
}

/** Changes the given settings and keeps the others. */
export async function updateEmailSettings(deps: { db: Db; clock: Clock }, shopId: number, patch: Partial<EmailSettings>): Promise<EmailSettings> {
  const next = { ...(await getEmailSettings(deps.db, shopId)), ...patch };
  const wholeDays = (field: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min || value > 365) throw invalidArgument(field, `must be a whole number of days, ${min}-365`);
  };
  wholeDays('delay_days', next.delay_days, 0);
  if (next.reminder_days !== null) wholeDays('reminder_days', next.reminder_days, 1);
  next.sender_name = next.sender_name.trim();
  if (next.sender_name.length > 100 || /[\r\n<>"]/.test(next.sender_name)) throw invalidArgument('sender_name', 'must be at most 100 characters without line breaks, <, > or "');
  if (!(EMAIL_LANGUAGES as string[]).includes(next.language)) throw invalidArgument('language', `must be one of ${EMAIL_LANGUAGES.join(', ')}`);
  if (next.product_ids.some((id) => !/^[1-9][0-9]{0,19}$/.test(id))) throw invalidArgument('product_ids', 'must be numeric product ids');
  const row = {
    shop_id: shopId,
    enabled: next.enabled,
    delay_days: next.delay_days,
    reminder_days: next.reminder_days,
    sender_name: next.sender_name,
    product_ids: JSON.stringify([...new Set(next.product_ids)]),
    language: next.language,
    updated_at: deps.clock.now(),
  };
  const { shop_id: _shopId, ...set } = row;
  await deps.db.insertInto('email_settings').values(row).onConflict((oc) => oc.column('shop_id').doUpdateSet(set)).execute();
  return getEmailSettings(deps.db, shopId);
}
