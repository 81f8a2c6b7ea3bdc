import { writeFileSync } from 'node:fs';
import { ApiError } from '../http/errors.ts';
import { CliUsageError, optionalString, printResult, requireString, type CliCommand, type OptionValues } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { lookbackRequests } from './lookback.service.ts';
import type { EmailLanguage } from './i18n/index.ts';
import { previewEmail } from './preview.service.ts';
import { updateEmailSettings, type EmailSettings } from './settings.service.ts';
import { emailLanguage, emailTextType, listShopTexts, setShopTexts, shopTexts, type EmailTexts } from './texts.service.ts';

/** A bad --type or --locale is a usage error, with the same words as the API's. */
const asUsage = (error: unknown): unknown => (error instanceof ApiError ? new CliUsageError(error.message) : error);
const usage = <T>(read: () => T): T => {
  try {
    return read();
  } catch (error) {
    throw asUsage(error);
  }
};
const typeAndLanguage = (options: OptionValues) => ({
  type: usage(() => emailTextType(requireString(options, 'type'), '--type')),
  language: usage(() => emailLanguage(requireString(options, 'locale'), '--locale')),
});
const TEXT_PARTS = ['subject', 'heading', 'body', 'button'] as const;

const wholeNumber = (name: string, value: string, unit = 'days', digits = 3): number => {
  if (!new RegExp(`^[0-9]{1,${digits}}$`).test(value)) throw new CliUsageError(`--${name} must be a whole number of ${unit}`);
  return Number(value);
};

/** `--reminder-days 3,5,7`: up to three reminders, each that many days after the previous email; `none` turns them off. */
function reminderPatch(value: string): Pick<EmailSettings, 'reminder_days' | 'reminder2_days' | 'reminder3_days'> {
  const days = value === 'none' ? [] : value.split(',').map((d) => wholeNumber('reminder-days', d.trim()));
  if (days.length > 3) throw new CliUsageError('--reminder-days takes at most three delays');
  return { reminder_days: days[0] ?? null, reminder2_days: days[1] ?? null, reminder3_days: days[2] ?? null };
}

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export const emailCommands: CliCommand[] = [
  {
    name: 'emails settings',
    summary:
      'Show or change review-request settings (given options change, the rest stay); --reminder-days 3,5,7 sets up to three reminders (days after the previous email), ' +
      'none turns them off; --engaged-only 1 reminds only shoppers who opened or clicked the previous email; --daily-cap none removes the cap; --products all asks about every product',
    usage:
      'plaudit emails settings --domain D [--enabled 0|1] [--delay-days N] [--reminder-days N[,N[,N]]|none] [--engaged-only 0|1] [--postpone-days N] ' +
      '[--daily-cap N|none] [--sender-name S] [--products all|ID,ID] [--language en|fr|de|es|it|nl|pt|ja|zh|ar] [--json]',
    options: {
      domain: { type: 'string' },
      enabled: { type: 'string' },
      'delay-days': { type: 'string' },
      'reminder-days': { type: 'string' },
      'engaged-only': { type: 'string' },
      'postpone-days': { type: 'string' },
      'daily-cap': { type: 'string' },
      'sender-name': { type: 'string' },
      products: { type: 'string' },
      language: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const patch: Partial<EmailSettings> = {};
      const enabled = optionalString(options, 'enabled');
      if (enabled !== undefined) {
        if (enabled !== '0' && enabled !== '1') throw new CliUsageError('--enabled must be 0 or 1');
        patch.enabled = enabled === '1' ? 1 : 0;
      }
      const delay = optionalString(options, 'delay-days');
      if (delay !== undefined) patch.delay_days = wholeNumber('delay-days', delay);
      const reminder = optionalString(options, 'reminder-days');
      if (reminder !== undefined) Object.assign(patch, reminderPatch(reminder));
      const engaged = optionalString(options, 'engaged-only');
      if (engaged !== undefined) {
        if (engaged !== '0' && engaged !== '1') throw new CliUsageError('--engaged-only must be 0 or 1');
        patch.remind_only_engaged = engaged === '1' ? 1 : 0;
      }
      const postpone = optionalString(options, 'postpone-days');
      if (postpone !== undefined) patch.postpone_days = wholeNumber('postpone-days', postpone);
      const cap = optionalString(options, 'daily-cap');
      if (cap !== undefined) patch.daily_cap = cap === 'none' ? null : wholeNumber('daily-cap', cap, 'emails', 7);
      const sender = optionalString(options, 'sender-name');
      if (sender !== undefined) patch.sender_name = sender;
      const products = optionalString(options, 'products');
      if (products !== undefined)
        patch.product_ids =
          products === 'all'
            ? []
            : products
                .split(',')
                .map((p) => p.trim())
                .filter(Boolean);
      const language = optionalString(options, 'language');
      if (language !== undefined) patch.language = language as EmailLanguage;
      const settings = await updateEmailSettings({ db: context.database.db, clock: context.clock }, shop.id, patch);
      printResult(context, options, { domain: shop.domain, ...settings });
    },
  },
  {
    name: 'emails lookback',
    summary: 'Ask past fulfilled orders (since --since) that were never asked, newest first, at most --per-hour emails an hour (default 100)',
    usage: 'plaudit emails lookback --domain D --since YYYY-MM-DD [--per-hour N] [--json]',
    options: { domain: { type: 'string' }, since: { type: 'string' }, 'per-hour': { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const since = requireString(options, 'since');
      if (!ISO_DATE.test(since) || Number.isNaN(Date.parse(`${since}T00:00:00Z`))) throw new CliUsageError('--since must be a date, YYYY-MM-DD');
      const perHourText = optionalString(options, 'per-hour');
      const perHour = perHourText === undefined ? 100 : wholeNumber('per-hour', perHourText, 'emails', 5);
      const result = await lookbackRequests({ db: context.database.db, clock: context.clock }, shop.id, Date.parse(`${since}T00:00:00Z`), perHour);
      const time = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      printResult(context, options, { domain: shop.domain, queued: result.queued, first_at: time(result.first_at), last_at: time(result.last_at) });
    },
  },
  {
    name: 'emails texts',
    summary:
      "List the shop's own email wordings, or set one email type's wording in one language (parts not given stay; --reset returns to the built-in texts). Plain text; placeholders {first_name}, {customer_name}, {shop_name}, {order_name}",
    usage: 'plaudit emails texts --domain D [--type request|reminder --locale L [--subject S] [--heading H] [--body B] [--button T] | --reset] [--json]',
    options: {
      domain: { type: 'string' },
      type: { type: 'string' },
      locale: { type: 'string' },
      subject: { type: 'string' },
      heading: { type: 'string' },
      body: { type: 'string' },
      button: { type: 'string' },
      reset: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const db = context.database.db;
      if (options.type === undefined && options.locale === undefined) {
        printResult(context, options, { domain: shop.domain, texts: await listShopTexts(db, shop.id) });
        return;
      }
      const { type, language } = typeAndLanguage(options);
      const next: EmailTexts = options.reset === true ? { subject: '', heading: '', body: '', button: '' } : await shopTexts(db, shop.id, type, language);
      for (const part of TEXT_PARTS) {
        const value = optionalString(options, part);
        if (value !== undefined) next[part] = value.replace(/\\n/g, '\n');
      }
      const saved = await setShopTexts({ db, clock: context.clock }, shop.id, type, language, next).catch((error: unknown) => {
        throw asUsage(error);
      });
      printResult(context, options, { domain: shop.domain, email_type: type, locale: language, ...saved });
    },
  },
  {
    name: 'emails preview',
    summary:
      "Render an email as a shopper would get it (the shop's products, a sample order) and write its HTML to --out (default ./email-preview-TYPE-LOCALE.html) and its text part beside it (.txt)",
    usage: 'plaudit emails preview --domain D --type request|reminder --locale L [--out FILE.html] [--json]',
    options: { domain: { type: 'string' }, type: { type: 'string' }, locale: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const { type, language } = typeAndLanguage(options);
      const email = await previewEmail({ db: context.database.db, publicUrl: context.config.publicUrl }, shop.id, { type, language });
      const out = optionalString(options, 'out') ?? `email-preview-${type}-${language}.html`;
      const textOut = out.replace(/(\.html?)?$/i, '.txt');
      writeFileSync(out, email.html);
      writeFileSync(textOut, email.text);
      printResult(context, options, { domain: shop.domain, email_type: type, locale: language, subject: email.subject, html_file: out, text_file: textOut, html_bytes: Buffer.byteLength(email.html) });
    },
  },
];
