import { optionalString, printResult, type CliCommand } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { minPublishRating, setMinPublishRating } from './storefront.service.ts';

export const storefrontCommands: CliCommand[] = [
  {
    name: 'storefront moderation',
    summary: 'Show or set the storefront moderation rule: reviews with at least --min-rating stars are published at once (6 holds all)',
    usage: 'plaudit storefront moderation --domain D [--min-rating 1-6] [--json]',
    options: { domain: { type: 'string' }, 'min-rating': { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const value = optionalString(options, 'min-rating');
      if (value !== undefined) await setMinPublishRating({ db: context.database.db, clock: context.clock }, shop.id, /^[0-9]$/.test(value) ? Number(value) : NaN);
      printResult(context, options, { domain: shop.domain, min_publish_rating: await minPublishRating(context.database.db, shop.id) });
    },
  },
];
