import { CliUsageError, optionalString, printResult, requireString, type CliCommand } from '../cli/command.ts';
import { createMerchant } from './merchants.service.ts';

/** Roles in a shop (the console's admin/admin.table.ts ROLES; not imported: admin builds on merchants). */
const ROLES = ['owner', 'moderator', 'viewer'] as const;
type Role = (typeof ROLES)[number];

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
        const now = context.clock.now();
        await trx
          .insertInto('shop_memberships')
          .values({ merchant_id: Number(merchant.merchant_id), shop_id: Number(merchant.shop_id), role, created_at: now, updated_at: now })
          .execute();
        return { ...merchant, role };
      });
      printResult(context, options, created);
    },
  },
];
