import { CliUsageError, optionalString, printResult, type CliCommand, type OptionValues } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { updateModerationRules, type ModerationRules } from './rules.service.ts';

const flag = (options: OptionValues, name: string): 0 | 1 | undefined => {
  const value = optionalString(options, name);
  if (value === undefined) return undefined;
  if (value !== '0' && value !== '1') throw new CliUsageError(`--${name} must be 0 or 1`);
  return value === '1' ? 1 : 0;
};

export const moderationCommands: CliCommand[] = [
  {
    name: 'moderation rules',
    summary:
      "Show or change the rules for shoppers' reviews (given options change, the rest stay): hold reviews with links, emails or phone numbers, " +
      'with blocked words (--blocked-words none clears them), from an address that already reviewed the product, or not from a verified buyer; ' +
      'publish held reviews no person rejected after --release-after-days (0 = never)',
    usage: 'plaudit moderation rules --domain D [--hold-links 0|1] [--blocked-words WORD,WORD|none] [--hold-repeat-reviewers 0|1] [--verified-only 0|1] [--release-after-days N] [--json]',
    options: {
      domain: { type: 'string' },
      'hold-links': { type: 'string' },
      'blocked-words': { type: 'string' },
      'hold-repeat-reviewers': { type: 'string' },
      'verified-only': { type: 'string' },
      'release-after-days': { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const patch: Partial<ModerationRules> = {};
      const holdLinks = flag(options, 'hold-links');
      if (holdLinks !== undefined) patch.hold_links = holdLinks;
      const repeat = flag(options, 'hold-repeat-reviewers');
      if (repeat !== undefined) patch.hold_repeat_reviewers = repeat;
      const verified = flag(options, 'verified-only');
      if (verified !== undefined) patch.verified_only = verified;
      const words = optionalString(options, 'blocked-words');
      if (words !== undefined) patch.blocked_words = words === 'none' ? [] : words.split(',');
      const days = optionalString(options, 'release-after-days');
      if (days !== undefined) {
        if (!/^[0-9]{1,3}$/.test(days)) throw new CliUsageError('--release-after-days must be a whole number of days');
        patch.release_after_days = Number(days);
      }
      const rules = await updateModerationRules({ db: context.database.db, clock: context.clock }, shop.id, patch);
      printResult(context, options, { domain: shop.domain, ...rules });
    },
  },
];
