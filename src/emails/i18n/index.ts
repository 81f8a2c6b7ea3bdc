import { fill, isRtl } from '../../../packages/widget/src/i18n.ts';
import { AR } from './ar.ts';
import { DE } from './de.ts';
import { EN, type EmailMessages, type Texts } from './en.ts';
import { ES } from './es.ts';
import { FR } from './fr.ts';
import { IT } from './it.ts';
import { JA } from './ja.ts';
import { NL } from './nl.ts';
import { PT } from './pt.ts';
import { ZH } from './zh.ts';

/**
 * Every fixed text of review-request emails and of the pages their links open, one file per language.
 * Each language is complete (English's type holds it): a shopper never sees half English.
 */
const LANGUAGES = { en: EN, fr: FR, de: DE, es: ES, it: IT, nl: NL, pt: PT, ja: JA, zh: ZH, ar: AR } satisfies Record<string, Texts>;
export type EmailLanguage = keyof typeof LANGUAGES;
export const EMAIL_LANGUAGES = Object.keys(LANGUAGES) as EmailLanguage[];

/** The supported language of a BCP 47 tag ("fr-CA" → fr, "pt_BR" → pt), or null. */
export function supportedLanguage(tag: string | null | undefined): EmailLanguage | null {
  const code = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0]!;
  return Object.hasOwn(LANGUAGES, code) ? (code as EmailLanguage) : null;
}

/** The order's (or customer's) language when supported, else the shop's default, else English. */
export const languageOf = (orderLocale: string | null | undefined, shopLanguage: string | null | undefined): EmailLanguage => supportedLanguage(orderLocale) ?? supportedLanguage(shopLanguage) ?? 'en';

/** Every text of one language: `email` (emails and the review form), and one table per family of hosted pages. */
export const texts = (language: EmailLanguage): Texts => LANGUAGES[language];

export const emailMessages = (language: EmailLanguage): EmailMessages => LANGUAGES[language].email;

export const direction = (language: EmailLanguage): 'rtl' | 'ltr' => (isRtl(language) ? 'rtl' : 'ltr');

export { fill };
export type { EmailMessages, Texts };
