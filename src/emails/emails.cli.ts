import { writeFileSync } from 'node:fs';
import { ApiError } from '../http/errors.ts';
import { CliUsageError, optionalString, printResult, requireString, type CliCommand, type OptionValues } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import type { EmailLanguage } from './i18n.ts';
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

const wholeNumber = (name: string, value: string): number => {
  if (!/^[0-9]{1,3}$/.test(value)) throw new CliUsageError(`--${name} must be a whole number of days`);
  return Number(value);
};

export const emailCommands: CliCommand[] = [
  {
    name: 'emails settings',
    summary: 'Show or change review-request settings (given options change, the rest stay); --reminder-days none turns the reminder off, --products all asks about every product',
    usage: 'plaudit emails settings --domain D [--enabled 0|1] [--delay-days N] [--reminder-days N|none] [--sender-name S] [--products all|ID,ID] [--language en|fr|de|es|it|nl|pt|ja|zh|ar] [--json]',
    options: {
      domain: { type: 'string' }, enabled: { type: 'string' }, 'delay-days': { type: 'string' }, 'reminder-days': { type: 'string' },
      'sender-name': { type: 'string' }, products: { type: 'string' }, language: { type: 'string' }, json: { type: 'boolean' },
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
      if (reminder !== undefined) patch.reminder_days = reminder === 'none' ? null : wholeNumber('reminder-days', reminder);
      const sender = optionalString(options, 'sender-name');
      if (sender !== undefined) patch.sender_name = sender;
      const products = optionalString(options, 'products');
      if (products !== undefined) patch.product_ids = products === 'all' ? [] : products.split(',').map((p) => p.trim()).filter(Boolean);
      const language = optionalString(options, 'language');
      if (language !== undefined) patch.language = language as EmailLanguage;
      const settings = await updateEmailSettings({ db: context.database.db, clock: context.clock }, shop.id, patch);
      printResult(context, options, { domain: shop.domain, ...settings });
    },
  },
  {
    name: 'emails texts',
    summary: "List the shop's own email wordings, or set one email type's wording in one language (parts not given stay; --reset returns to the built-in texts). Plain text; placeholders {first_name}, {customer_name}, {shop_name}, {order_name}",
    usage: 'plaudit emails texts --domain D [--type request|reminder --locale L [--subject S] [--heading H] [--body B] [--button T] | --reset] [--json]',
    options: {
      domain: { type: 'string' }, type: { type: 'string' }, locale: { type: 'string' }, subject: { type: 'string' }, heading: { type: 'string' },
      body: { type: 'string' }, button: { type: 'string' }, reset: { type: 'boolean' }, json: { type: 'boolean' },
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
    summary: 'Render an email as a shopper would get it (the shop\'s products, a sample order) and write its HTML to --out (default ./email-preview-TYPE-LOCALE.html) and its text part beside it (.txt)',
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
