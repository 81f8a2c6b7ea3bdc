import { readFile } from 'node:fs/promises';
import { CliUsageError, printResult, type CliCommand } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { freeCodeCount } from './rewards.queries.ts';
import { addRewardCodes, parseCodeFile } from './rewards.service.ts';
import { getRewardSettings } from './rewards.settings.ts';

export const rewardCommands: CliCommand[] = [
  {
    // `rewards codes` is the command; `add` is its first word (commands are `<group> <action>`).
    name: 'rewards codes',
    summary: "Add single-use discount codes to the shop's reward pool (one per line; a CSV's first column)",
    usage: 'plaudit rewards codes add --domain D FILE [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options, positionals) {
      const shop = await requireShopOption(context, options);
      const [verb, file] = positionals;
      if (verb !== 'add') throw new CliUsageError('usage: plaudit rewards codes add --domain D FILE');
      if (!file) throw new CliUsageError('FILE is required');
      const text = await readFile(file, 'utf8').catch(() => {
        throw new CliUsageError(`cannot read ${file}`);
      });
      const result = await addRewardCodes({ db: context.database.db, clock: context.clock }, shop.id, parseCodeFile(text));
      printResult(context, options, result);
    },
  },
  {
    name: 'rewards status',
    summary: "The shop's reward settings and how many pool codes are unused",
    usage: 'plaudit rewards status --domain D [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const settings = await getRewardSettings(context.database.db, shop.id);
      printResult(context, options, { ...settings, unused_codes: await freeCodeCount(context.database.db, shop.id) });
    },
  },
];
