import { readFileSync } from 'node:fs';
import { CliUsageError, optionalString, requireString, type CliCommand } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { importOrders, importRecords } from './orders.import.ts';
import { setShopifySecret } from './shopify.service.ts';

/** A one-line progress bar on stderr when it is a terminal. */
function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  return (done: number, total: number) => {
    if (!stream.isTTY) return;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

export const orderCommands: CliCommand[] = [
  {
    name: 'orders import',
    summary:
      'Import orders from CSV (header: order_id, order_name, customer_id, customer_email, first_name, last_name, phone, product_ids, created_at, fulfilled_at, cancelled_at) or JSON lines (push_orders order objects); idempotent by order id',
    usage: 'plaudit orders import --domain D FILE.csv|FILE.jsonl [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options, positionals) {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new CliUsageError('give exactly one FILE.csv or FILE.jsonl');
      const format = /\.csv$/i.test(file) ? 'csv' : /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : null;
      if (!format) throw new CliUsageError('the file must end in .csv or .jsonl');
      const shop = await requireShopOption(context, options);
      const records = importRecords(readFileSync(file, 'utf8'), format);
      const summary = await importOrders({ db: context.database.db, clock: context.clock, events: context.events }, shop.id, records, progressBar());
      if (options.json === true) return context.stdout(JSON.stringify(summary) + '\n');
      context.stdout(
        `imported: ${summary.imported}\nupdated: ${summary.updated}\nskipped: ${summary.skipped}\nrejected: ${summary.rejected.length}\n` +
          summary.rejected.map((r) => `  line ${r.line}: ${r.reason}\n`).join(''),
      );
    },
  },
  {
    name: 'orders shopify-secret',
    summary: "Set the shop's Shopify app API secret, which verifies its order webhooks (read from --secret or the SHOPIFY_APP_SECRET variable)",
    usage: 'plaudit orders shopify-secret --domain D [--secret S]',
    options: { domain: { type: 'string' }, secret: { type: 'string' } },
    async run(context, options) {
      const secret = optionalString(options, 'secret') ?? process.env.SHOPIFY_APP_SECRET;
      if (!secret) throw new CliUsageError('--secret (or SHOPIFY_APP_SECRET) is required');
      const domain = requireString(options, 'domain');
      await setShopifySecret({ db: context.database.db, clock: context.clock, secrets: context.secrets }, domain, secret);
      context.stdout(`Shopify secret saved for ${domain}; webhook URL: ${context.config.publicUrl}/integrations/shopify/webhooks\n`);
    },
  },
];
