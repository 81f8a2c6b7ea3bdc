import { CliUsageError, printResult, requireString, optionalString, type CliCommand } from '../cli/command.ts';
import { recordServerKey } from './server-key.ts';
import { createShop, rotateEveryPrivateToken, rotatePrivateToken } from './shops.service.ts';

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
    summary: "Replace the private token; the old one stops working at once. --all: every shop, then record this server key as the database's (recovery from a lost key)",
    usage: 'plaudit shops rotate-token (--domain D | --all) [--json]',
    options: { domain: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
    async run(context, options) {
      if (options.all !== true) {
        printResult(context, options, { ...(await rotatePrivateToken(deps(context), requireString(options, 'domain'))) });
        return;
      }
      if (optionalString(options, 'domain')) throw new CliUsageError('give --domain or --all, not both');
      const shops = await rotateEveryPrivateToken(deps(context));
      await recordServerKey(context.database.db, context.config.secretKey, context.clock.now(), { replace: true });
      if (options.json === true) context.stdout(`${JSON.stringify(shops)}\n`);
      else
        context.stdout(
          `${shops.map((s) => `${s.domain}\tpublic_token=${s.public_token}\tprivate_token=${s.private_token}`).join('\n')}\n${shops.length} shop(s) have new private tokens; this server key is now recorded for the database.\n`,
        );
    },
  },
];
