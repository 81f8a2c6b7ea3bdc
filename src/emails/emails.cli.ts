import { CliUsageError, optionalString, printResult, type CliCommand } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { updateEmailSettings, type EmailSettings } from './settings.service.ts';

const wholeNumber = (name: string, value: string): number => {
  if (!/^[0-9]{1,3}$/.test(value)) throw new CliUsageError(`--${name} must be a whole number of days`);
  return Number(value);
};

export const emailCommands: CliCommand[] = [
  {
    name: 'emails settings',
    summary: 'Show or change review-request settings (given options change, the rest stay); --reminder-days none turns the reminder off, --products all asks about every product',
    usage: 'plaudit emails settings --domain D [--enabled 0|1] [--delay-days N] [--reminder-days N|none] [--sender-name S] [--products all|ID,ID] [--json]',
    options: {
      domain: { type: 'string' }, enabled: { type: 'string' }, 'delay-days': { type: 'string' }, 'reminder-days': { type: 'string' },
      'sender-name': { type: 'string' }, products: { type: 'string' }, json: { type: 'boolean' },
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
      const settings = await updateEmailSettings({ db: context.database.db, clock: context.clock }, shop.id, patch);
      printResult(context, options, { domain: shop.domain, ...settings });
    },
  },
];
