import { CliUsageError, optionalString, printResult, requireString, type CliCommand } from '../cli/command.ts';
import { createMerchant } from './merchants.service.ts';
import { addMembership } from '../admin/memberships.queries.ts';
import { ROLES, type Role } from '../admin/admin.table.ts';

export const merchantCommands: CliCommand[] = [
  {
    name: 'merchants create',
    summary: 'Create a merchant account that signs in for a shop (console, consent pages, own tokens) with a role in it (default owner); the password is stored as a scrypt hash',
    usage: 'plaudit merchants create --domain D --email E --password P [--role owner|moderator|viewer] [--json]',
    options: { domain: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const role = (optionalString(options, 'role') ?? 'owner') as Role;
      if (!ROLES.includes(role)) throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}`);
      const { db } = context.database;
      const created = await db.transaction().execute(async (trx) => {
        const merchant = await createMerchant(
          { db: trx, clock: context.clock },
          { shopDomain: requireString(options, 'domain'), email: requireString(options, 'email'), password: requireString(options, 'password') },
        );
        await addMembership(trx, Number(merchant.merchant_id), Number(merchant.shop_id), role, context.clock.now());
        return { ...merchant, role };
      });
      printResult(context, options, created);
    },
  },
];
