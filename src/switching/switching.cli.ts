import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import '../media/media.cli-context.ts';
import { EXPORT_FORMATS, exportReviews, type ExportFormat } from './switching.export.ts';
import { mediaDownloadReport } from './switching.media.ts';
import { CliUsageError, optionalString, requireString, type CliCommand } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { FORMATS, type FormatName } from './switching.formats.ts';
import { progressPrinter, summaryText } from './switching.progress.ts';
import { importReviews } from './switching.service.ts';
import { jsonLines } from './switching.json.ts';
import { importQuestions } from '../questions/questions.transfer.ts';
import { apiSource, fileSource, ImportInputError, type ImportSource } from './switching.sources.ts';

const importCommand: CliCommand = {
  name: 'reviews import',
  summary:
    'Import reviews from a file (Judge.me, Shopify Product Reviews, Yotpo, Loox, Okendo CSV; Open API JSON lines; Plaudit export) or from a live Trustoo-compatible server; idempotent, every row checked first',
  usage:
    'plaudit reviews import --domain D FILE [--format auto|judgeme|shopify|yotpo|loox|okendo|jsonl|plaudit] [--dry-run] [--json] [--webhooks] [--keep-media-urls]\n' +
    '  plaudit reviews import --domain D --from-api URL --public-token T --private-token K [--dry-run] [--json] [--webhooks]',
  options: {
    domain: { type: 'string' },
    format: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    webhooks: { type: 'boolean' },
    'from-api': { type: 'string' },
    'public-token': { type: 'string' },
    'private-token': { type: 'string' },
    'keep-media-urls': { type: 'boolean' },
  },
  async run(context, options, positionals) {
    const fromApi = optionalString(options, 'from-api');
    const format = optionalString(options, 'format') ?? 'auto';
    if (format !== 'auto' && !(FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`--format must be auto or one of ${FORMATS.join(', ')}`);
    if (fromApi ? positionals.length > 0 : positionals.length !== 1) throw new CliUsageError('give exactly one FILE, or --from-api URL');
    if (fromApi && !/^https?:\/\/[^\s]+$/i.test(fromApi)) throw new CliUsageError('--from-api must be an http(s) URL');
    const shop = await requireShopOption(context, options);
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
    const deps = {
      db: context.database.db,
      clock: context.clock,
      events: context.events,
      ...(options['keep-media-urls'] === true ? {} : { mediaBaseUrl: context.media.publicUrl }),
    };
    const report = await importReviews(deps, shop.id, source, {
      dryRun: options['dry-run'] === true,
      webhooks: options.webhooks === true,
      onProgress: options.json === true ? undefined : progressPrinter(process.stderr),
    });
    const questions = !fromApi && source.format === 'plaudit' ? await importQuestions(context.database.db, shop.id, jsonLines(positionals[0]!), { dryRun: options['dry-run'] === true }) : undefined;
    if (options.json === true) return context.stdout(JSON.stringify(questions ? { ...report, questions } : report) + '\n');
    context.stdout(
      summaryText(report) +
        (questions
          ? `questions: ${questions.created} created, ${questions.skipped} already imported, ${questions.rejected.length} rejected${questions.rejected.map((r) => `\n  line ${r.line}: ${r.reason}`).join('')}\n`
          : ''),
    );
  },
};

const exportCommand: CliCommand = {
  name: 'reviews export',
  summary: "Export every review of a shop, streamed: plaudit (JSON lines with a version header, re-importable losslessly), judgeme (Judge.me's import header) or csv (flat, for spreadsheets)",
  usage: 'plaudit reviews export --domain D [--format plaudit|judgeme|csv] [--out FILE] [--with-media DIR]',
  options: { domain: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'with-media': { type: 'string' } },
  async run(context, options) {
    const format = optionalString(options, 'format') ?? 'plaudit';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    const shop = await requireShopOption(context, options);
    const out = optionalString(options, 'out');
    const mediaDir = optionalString(options, 'with-media');
    const exportOptions = {
      format: format as ExportFormat,
      domain: shop.domain,
      ...(mediaDir ? { mediaDir, media: { storage: context.mediaStorage, publicUrl: context.media.publicUrl } } : {}),
    };
    if (!out) {
      await exportReviews(context.database.db, shop.id, exportOptions, (text) => context.stdout(text));
      return;
    }
    const file = createWriteStream(out);
    const opened = new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
    await opened;
    const write = (text: string) => (file.write(text) ? undefined : once(file, 'drain').then(() => undefined));
    const summary = await exportReviews(context.database.db, shop.id, exportOptions, write);
    await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
    context.stdout(
      `exported: ${summary.reviews} reviews${summary.questions ? ` and ${summary.questions} questions` : ''} to ${out}${mediaDir ? `\nmedia copied: ${summary.mediaCopied} to ${mediaDir}\nmedia left as links (other hosts): ${summary.mediaLinked}` : ''}\n`,
    );
  },
};

const mediaReportCommand: CliCommand = {
  name: 'reviews import-media',
  summary: "Where the shop's imported photos and videos stand: downloaded, still pending, and each failure with its reason",
  usage: 'plaudit reviews import-media --domain D [--json]',
  options: { domain: { type: 'string' }, json: { type: 'boolean' } },
  async run(context, options) {
    const shop = await requireShopOption(context, options);
    const report = await mediaDownloadReport(context.database.db, shop.id);
    if (options.json === true) return context.stdout(JSON.stringify(report) + '\n');
    context.stdout(`downloaded: ${report.done}\npending: ${report.pending}\nfailed: ${report.failed}\n` + report.failures.map((f) => `  review ${f.review_id}: ${f.url}: ${f.reason}\n`).join(''));
  },
};

export const switchingCommands: CliCommand[] = [importCommand, exportCommand, mediaReportCommand];
