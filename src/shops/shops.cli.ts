import { printResult, requireString, optionalString, type CliCommand } from '../cli/command.ts';
import { createShop, rotatePrivateToken } from './shops.service.ts';

const deps = (c: Parameters<CliCommand['run']>[0]) => ({ db: c.database.db, clock: c.clock, secrets: c.secrets });

export const shopCommands: CliCommand[] = [
  {
    name: 'shops create',
    summary: 'Create a shop and print its credentials (the private token is shown only here and on rotation)',
    usage: 'plaudit shops create --domain D [--name N] [--json]',
    options: { domain: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const name = optionalString(options, 'name');
      const created = await createShop(deps(context), { domain: requireString(options, 'domain'), ...(name ? { name } : {}) });
      printResult(context, options, { ...created });
    },
  },
  {
    name: 'shops rotate-token',
    summary: 'Replace the private token; the old one stops working at once',
    usage: 'plaudit shops rotate-token --domain D [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      printResult(context, options, { ...(await rotatePrivateToken(deps(context), requireString(options, 'domain'))) });
    },
  },
];
