import { optionalString, printResult, requireString, type CliCommand } from '../cli/command.ts';
import { requireShop } from '../shops/shops.service.ts';
import { upsertProduct } from './products.service.ts';

export const productCommands: CliCommand[] = [
  {
    name: 'products upsert',
    summary: "Create or update a product (used for product_handle lookups and richer review output)",
    usage: 'plaudit products upsert --domain D --id ID --handle H --title T [--url U] [--image I] [--json]',
    options: {
      domain: { type: 'string' }, id: { type: 'string' }, handle: { type: 'string' }, title: { type: 'string' },
      url: { type: 'string' }, image: { type: 'string' }, json: { type: 'boolean' },
    },
    async run(context, options) {
      const shop = await requireShop(context.database.db, requireString(options, 'domain'));
      const input = {
        product_id: requireString(options, 'id'),
        handle: requireString(options, 'handle'),
        title: requireString(options, 'title'),
        url: optionalString(options, 'url'),
        image: optionalString(options, 'image'),
      };
      await upsertProduct({ db: context.database.db, clock: context.clock }, shop.id, input);
      printResult(context, options, { domain: shop.domain, product_id: input.product_id, handle: input.handle, title: input.title });
    },
  },
];
