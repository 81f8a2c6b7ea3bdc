import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { EMAIL_LANGUAGES, supportedLanguage, type EmailLanguage } from './i18n/index.ts';

/** Per-shop review-request settings. A shop without a row uses the defaults. */
export interface EmailSettings {
  enabled: 0 | 1;
  delay_days: number;
  /** Days from the request to the first reminder; null = no reminders. */
  reminder_days: number | null;
  /** Days from the first reminder to the second; null = none. */
  reminder2_days: number | null;
  /** Days from the second reminder to the third; null = none. */
  reminder3_days: number | null;
  /** 1 = remind only shoppers who opened or clicked the previous email. */
  remind_only_engaged: 0 | 1;
  /** Days a shopper's "my order hasn't arrived" moves the sequence. */
  postpone_days: number;
  /** Emails per UTC day; null = no cap. */
  daily_cap: number | null;
  sender_name: string;
  /** Products to ask about; [] = every product in the order. */
  product_ids: string[];
  /** Language of emails and their pages when the order carries none (en, fr, de, es, it, nl, pt, ja, zh, ar). */
  language: EmailLanguage;
}

export const DEFAULT_EMAIL_SETTINGS: EmailSettings = {
  enabled: 1,
  delay_days: 7,
  reminder_days: null,
  reminder2_days: null,
  reminder3_days: null,
  remind_only_engaged: 0,
  postpone_days: 7,
  daily_cap: null,
  sender_name: '',
  product_ids: [],
  language: 'en',
};

/** The delays (days after the previous email) of the reminders a shop sends, in order: 0 to 3 of them. */
export const reminderDelays = (s: Pick<EmailSettings, 'reminder_days' | 'reminder2_days' | 'reminder3_days'>): number[] => {
  const delays: number[] = [];
  for (const days of [s.reminder_days, s.reminder2_days, s.reminder3_days]) {
    if (days === null) break;
    delays.push(days);
  }
  return delays;
};

export async function getEmailSettings(db: Db, shopId: number): Promise<EmailSettings> {
  const row = await db.selectFrom('email_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) return { ...DEFAULT_EMAIL_SETTINGS };
  return {
    enabled: row.enabled === 1 ? 1 : 0,
    delay_days: row.delay_days,
    reminder_days: row.reminder_days,
    reminder2_days: row.reminder2_days,
    reminder3_days: row.reminder3_days,
    remind_only_engaged: row.remind_only_engaged === 1 ? 1 : 0,
    postpone_days: row.postpone_days,
    daily_cap: row.daily_cap,
    sender_name: row.sender_name,
    product_ids: JSON.parse(row.product_ids) as string[],
    language: supportedLanguage(row.language) ?? 'en',
  };
}

function check(next: EmailSettings) {
  const wholeDays = (field: string, value: number, min: number, max = 365) => {
    if (!Number.isInteger(value) || value < min || value > max) throw invalidArgument(field, `must be a whole number of days, ${min}-${max}`);
  };
  wholeDays('delay_days', next.delay_days, 0);
  if (next.reminder_days !== null) wholeDays('reminder_days', next.reminder_days, 1);
  if (next.reminder2_days !== null) {
    wholeDays('reminder2_days', next.reminder2_days, 1);
    if (next.reminder_days === null) throw invalidArgument('reminder2_days', 'needs reminder_days (the first reminder)');
  }
  if (next.reminder3_days !== null) {
    wholeDays('reminder3_days', next.reminder3_days, 1);
    if (next.reminder2_days === null) throw invalidArgument('reminder3_days', 'needs reminder2_days (the second reminder)');
  }
  if (next.remind_only_engaged !== 0 && next.remind_only_engaged !== 1) throw invalidArgument('remind_only_engaged', 'must be 0 or 1');
  wholeDays('postpone_days', next.postpone_days, 1, 60);
  if (next.daily_cap !== null && (!Number.isInteger(next.daily_cap) || next.daily_cap < 1 || next.daily_cap > 1_000_000))
    throw invalidArgument('daily_cap', 'must be a whole number of emails, 1-1000000, or null for no cap');
  if (next.sender_name.length > 100 || /[\r\n<>"]/.test(next.sender_name)) throw invalidArgument('sender_name', 'must be at most 100 characters without line breaks, <, > or "');
  if (!(EMAIL_LANGUAGES as string[]).includes(next.language)) throw invalidArgument('language', `must be one of ${EMAIL_LANGUAGES.join(', ')}`);
  if (next.product_ids.some((id) => !/^[1-9][0-9]{0,19}$/.test(id))) throw invalidArgument('product_ids', 'must be numeric product ids');
}

/** Changes the given settings and keeps the others. */
export async function updateEmailSettings(deps: { db: Db; clock: Clock }, shopId: number, patch: Partial<EmailSettings>): Promise<EmailSettings> {
  const next = { ...(await getEmailSettings(deps.db, shopId)), ...patch };
  next.sender_name = next.sender_name.trim();
  check(next);
  const row = {
    shop_id: shopId,
    enabled: next.enabled,
    delay_days: next.delay_days,
    reminder_days: next.reminder_days,
    reminder2_days: next.reminder2_days,
    reminder3_days: next.reminder3_days,
    remind_only_engaged: next.remind_only_engaged,
    postpone_days: next.postpone_days,
    daily_cap: next.daily_cap,
    sender_name: next.sender_name,
    product_ids: JSON.stringify([...new Set(next.product_ids)]),
    language: next.language,
    updated_at: deps.clock.now(),
  };
  const { shop_id: _shopId, ...set } = row;
  await deps.db
    .insertInto('email_settings')
    .values(row)
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(set))
    .execute();
  return getEmailSettings(deps.db, shopId);
}
