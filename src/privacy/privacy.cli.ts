import { requireString, type CliCommand, type CliContext } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { exportCustomer, forgetCustomer } from './privacy.service.ts';

const deps = (c: CliContext) => ({ db: c.database.db, dialect: c.database.dialect, clock: c.clock, events: c.events });

/** Shoppers' personal data (GDPR export and erasure), above customers, orders, emails and reviews. */
export const privacyCommands: CliCommand[] = [
  {
    name: 'customers forget',
    summary: "Erase a shopper's personal data (order customer fields, events, pending emails, review author details); review text stays, anonymised",
    usage: 'plaudit customers forget --domain D --email E',
    options: { domain: { type: 'string' }, email: { type: 'string' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const result = await forgetCustomer(deps(context), shop.id, requireString(options, 'email'));
      context.stdout(JSON.stringify(result) + '\n');
    },
  },
  {
    name: 'customers export',
    summary: 'Print everything stored about a shopper as JSON (orders, events, reviews, unsubscribes, exclusions, emails)',
    usage: 'plaudit customers export --domain D --email E',
    options: { domain: { type: 'string' }, email: { type: 'string' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      context.stdout(JSON.stringify(await exportCustomer(deps(context), shop.id, requireString(options, 'email')), null, 2) + '\n');
    },
  },
];
