import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { EMAIL_LANGUAGES, supportedLanguage, type EmailLanguage } from './i18n/index.ts';

/** Email types whose wording a shop can change (a new email type adds its name here). */
export const EMAIL_TEXT_TYPES = ['request', 'reminder'] as const;
export type EmailTextType = (typeof EMAIL_TEXT_TYPES)[number];

/** A shop's wording of one email: plain text with placeholders; '' = the built-in text of that part. */
export interface EmailTexts {
  subject: string;
  heading: string;
  body: string;
  button: string;
}

export const EMPTY_TEXTS: EmailTexts = { subject: '', heading: '', body: '', button: '' };
export const PLACEHOLDERS = ['first_name', 'customer_name', 'shop_name', 'order_name'] as const;
export type PlaceholderValues = Record<(typeof PLACEHOLDERS)[number], string>;

const LIMITS: Record<keyof EmailTexts, number> = { subject: 200, heading: 200, body: 2000, button: 60 };

/** The shop's wording of this email type in this language, '' parts where it kept the built-in text. */
export async function shopTexts(db: Db, shopId: number, type: string, language: EmailLanguage): Promise<EmailTexts> {
  const row = await db
    .selectFrom('email_texts')
    .select(['subject', 'heading', 'body', 'button'])
    .where('shop_id', '=', shopId)
    .where('email_type', '=', type)
    .where('locale', '=', language)
    .executeTakeFirst();
  return row ?? { ...EMPTY_TEXTS };
}

export interface EmailTextsEntry extends EmailTexts {
  email_type: EmailTextType;
  locale: EmailLanguage;
}

/** Every wording the shop changed, by type then language. */
export async function listShopTexts(db: Db, shopId: number): Promise<EmailTextsEntry[]> {
  const rows = await db
    .selectFrom('email_texts')
    .select(['email_type', 'locale', 'subject', 'heading', 'body', 'button'])
    .where('shop_id', '=', shopId)
    .orderBy('email_type')
    .orderBy('locale')
    .execute();
  return rows as EmailTextsEntry[];
}

export function emailTextType(value: string, field = 'email_type'): EmailTextType {
  if (!(EMAIL_TEXT_TYPES as readonly string[]).includes(value)) throw invalidArgument(field, `must be one of ${EMAIL_TEXT_TYPES.join(', ')}`);
  return value as EmailTextType;
}

export function emailLanguage(value: string, field = 'locale'): EmailLanguage {
  const language = supportedLanguage(value);
  if (!language || value.length > 35) throw invalidArgument(field, `must be one of ${EMAIL_LANGUAGES.join(', ')}`);
  return language;
}

/** Plain text only: no markup, only known placeholders, one line except the body. */
export function checkTexts(texts: EmailTexts): EmailTexts {
  const clean = { ...texts };
  for (const part of Object.keys(LIMITS) as (keyof EmailTexts)[]) {
    const value = (texts[part] ?? '').replace(/\r\n?/g, '\n').trim();
    if (value.length > LIMITS[part]) throw invalidArgument(part, `must be at most ${LIMITS[part]} characters`);
    if (part !== 'body' && value.includes('\n')) throw invalidArgument(part, 'must be one line');
    if (/<\/?[a-z!][^>]*>/i.test(value)) throw invalidArgument(part, 'must be plain text, not HTML');
    const unknown = [...value.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).find((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
    if (unknown !== undefined) throw invalidArgument(part, `has an unknown placeholder {${unknown}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
    clean[part] = value;
  }
  return clean;
}

/** Replaces the shop's wording of one email type in one language; all parts '' returns to the built-in texts. */
export async function setShopTexts(deps: { db: Db; clock: Clock }, shopId: number, type: EmailTextType, language: EmailLanguage, texts: EmailTexts): Promise<EmailTexts> {
  const clean = checkTexts(texts);
  const where = (db: Db) => db.deleteFrom('email_texts').where('shop_id', '=', shopId).where('email_type', '=', type).where('locale', '=', language);
  if (Object.values(clean).every((v) => v === '')) {
    await where(deps.db).execute();
    return clean;
  }
  const row = { shop_id: shopId, email_type: type, locale: language, ...clean, updated_at: deps.clock.now() };
  const { shop_id: _s, email_type: _t, locale: _l, ...set } = row;
  await deps.db
    .insertInto('email_texts')
    .values(row)
    .onConflict((oc) => oc.columns(['shop_id', 'email_type', 'locale']).doUpdateSet(set))
    .execute();
  return clean;
}

/** Fills the placeholders (built-in and shop texts alike); an empty value takes the spaces before it along ("Hi {first_name}," → "Hi,"; "{first_name}, thanks" → "thanks"). */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text
    .replace(/([ \t]*)\{(\w+)\}/g, (whole, space: string, name: string) => {
      if (!(name in values)) return whole;
      const value = values[name as keyof PlaceholderValues];
      return value === '' ? '' : space + value;
    })
    .replace(/^[\s,，、]+/, '')
    .trim();
}
