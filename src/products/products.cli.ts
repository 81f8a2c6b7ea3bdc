import { CliUsageError, optionalString, printResult, requireString, type CliCommand } from '../cli/command.ts';
import { ApiError } from '../http/errors.ts';
import { normaliseIdentifiers } from './identifiers.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { findProduct } from './products.queries.ts';
import { upsertProduct } from './products.service.ts';

export const productCommands: CliCommand[] = [
  {
    name: 'products upsert',
    summary: 'Create or update a product (used for product_handle lookups and richer review output)',
    usage: 'plaudit products upsert --domain D --id ID --handle H --title T [--url U] [--image I] [--gtin G] [--mpn M] [--sku S] [--brand B] [--json]',
    options: {
      domain: { type: 'string' },
      id: { type: 'string' },
      handle: { type: 'string' },
      title: { type: 'string' },
      url: { type: 'string' },
      image: { type: 'string' },
      json: { type: 'boolean' },
      gtin: { type: 'string' },
      mpn: { type: 'string' },
      sku: { type: 'string' },
      brand: { type: 'string' },
    },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const input = {
        product_id: requireString(options, 'id'),
        handle: requireString(options, 'handle'),
        title: requireString(options, 'title'),
        url: optionalString(options, 'url'),
        image: optionalString(options, 'image'),
        gtin: optionalString(options, 'gtin'),
        mpn: optionalString(options, 'mpn'),
        sku: optionalString(options, 'sku'),
        brand: optionalString(options, 'brand'),
      };
      // A bad identifier is a usage error (exit 2), named by its option.
      try {
        normaliseIdentifiers(input);
      } catch (error) {
        if (error instanceof ApiError) throw new CliUsageError(error.message.replace(/^invalid argument: (\w+)/, 'invalid --$1:'));
        throw error;
      }
      await upsertProduct({ db: context.database.db, clock: context.clock }, shop.id, input);
      const stored = await findProduct(context.database.db, shop.id, input.product_id);
      printResult(context, options, {
        domain: shop.domain,
        product_id: input.product_id,
        handle: input.handle,
        title: input.title,
        gtin: stored?.gtin ?? '',
        mpn: stored?.mpn ?? '',
        sku: stored?.sku ?? '',
        brand: stored?.brand ?? '',
      });
    },
  },
];
