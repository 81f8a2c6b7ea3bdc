import { printResult, type CliCommand } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { verifyLedger } from './ledger.service.ts';

export class LedgerBrokenError extends Error {}

export const auditCommands: CliCommand[] = [
  {
    name: 'audit verify',
    summary: "Check a shop's moderation ledger: every entry's SHA-256 and its link to the previous one; exits 1 naming the first bad entry",
    usage: 'plaudit audit verify --domain D [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const result = await verifyLedger(context.database.db, shop.id);
      printResult(context, options, { domain: shop.domain, ...result });
      if (!result.ok) throw new LedgerBrokenError(`the ledger of ${shop.domain} is broken at entry ${result.first_bad_seq}: ${result.reason}`);
    },
  },
];
