import { CliUsageError, optionalString, requireString, type CliCommand } from '../cli/command.ts';
import { requireShop } from '../shops/shops.service.ts';
import { FORMATS, type FormatName } from './switching.formats.ts';
import { progressPrinter, summaryText } from './switching.progress.ts';
import { importReviews } from './switching.service.ts';
import { apiSource, fileSource, ImportInputError, type ImportSource } from './switching.sources.ts';

const importCommand: CliCommand = {
  name: 'reviews import',
  summary:
    'Import reviews from a file (Judge.me, Shopify Product Reviews, Yotpo, Loox, Okendo CSV; Open API JSON lines; Plaudit export) or from a live Trustoo-compatible server; idempotent, every row checked first',
  usage:
    'plaudit reviews import --domain D FILE [--format auto|judgeme|shopify|yotpo|loox|okendo|jsonl|plaudit] [--dry-run] [--json] [--webhooks]\n' +
    '  plaudit reviews import --domain D --from-api URL --public-token T --private-token K [--dry-run] [--json] [--webhooks]',
  options: {
    domain: { type: 'string' }, format: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, webhooks: { type: 'boolean' },
    'from-api': { type: 'string' }, 'public-token': { type: 'string' }, 'private-token': { type: 'string' },
  },
  async run(context, options, positionals) {
    const fromApi = optionalString(options, 'from-api');
    const format = optionalString(options, 'format') ?? 'auto';
    if (format !== 'auto' && !(FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`--format must be auto or one of ${FORMATS.join(', ')}`);
    if (fromApi ? positionals.length > 0 : positionals.length !== 1) throw new CliUsageError('give exactly one FILE, or --from-api URL');
    if (fromApi && !/^https?:\/\/[^\s]+$/i.test(fromApi)) throw new CliUsageError('--from-api must be an http(s) URL');
    const shop = await requireShop(context.database.db, requireString(options, 'domain'));
    const now = () => context.clock.now();
    let source: ImportSource;
    try {
      source = fromApi
        ? apiSource({ baseUrl: fromApi, publicToken: requireString(options, 'public-token'), privateToken: requireString(options, 'private-token') }, now)
        : await fileSource(positionals[0]!, format as FormatName | 'auto', now);
    } catch (error) {
      if (error instanceof ImportInputError) throw new Error(error.message);
      throw error;
    }
    const report = await importReviews({ db: context.database.db, clock: context.clock, events: context.events }, shop.id, source, {
      dryRun: options['dry-run'] === true,
      webhooks: options.webhooks === true,
      onProgress: options.json === true ? undefined : progressPrinter(process.stderr),
    });
    context.stdout(options.json === true ? JSON.stringify(report) + '\n' : summaryText(report));
  },
};

export const switchingCommands: CliCommand[] = [importCommand];
