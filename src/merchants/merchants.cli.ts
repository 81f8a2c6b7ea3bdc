import { printResult, requireString, type CliCommand } from '../cli/command.ts';
import { createMerchant } from './merchants.service.ts';

export const merchantCommands: CliCommand[] = [
  {
    name: 'merchants create',
    summary: 'Create a merchant account that signs in for a shop (consent pages, own tokens); the password is stored as a scrypt hash',
    usage: 'plaudit merchants create --domain D --email E --password P [--json]',
    options: { domain: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const created = await createMerchant(
        { db: context.database.db, clock: context.clock },
        { shopDomain: requireString(options, 'domain'), email: requireString(options, 'email'), password: requireString(options, 'password') },
      );
      printResult(context, options, created);
    },
  },
];
