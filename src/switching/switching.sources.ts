import { isQuestionLine } from '../questions/questions.transfer.ts';
import { PlauditClient, type Transport } from '../client/index.ts';
import { csvRecords, detectDelimiter, readHead } from './switching.csv.ts';
import { CSV_FORMAT_SPECS, detectCsvFormat, headerProblem, mapColumns, reviewFromRecord, type ColumnMap, type FormatName } from './switching.formats.ts';
import { isPlauditHeader, jsonLines, reviewFromObject } from './switching.json.ts';
import { RowError, type ImportedReview } from './switching.row.ts';

/** A problem with the whole input (unreadable header, unknown format, API refusal): nothing is written. */
export class ImportInputError extends Error {}

/** One row of any source: a validated review, or the reason it cannot be imported. */
export type SourceRow = { line: number; review: ImportedReview; error?: undefined } | { line: number; review?: undefined; error: string };

/** What an import reads from; `rows()` can be iterated more than once (a checking pass, then a writing pass). */
export interface ImportSource {
  format: FormatName | 'api';
  /** The app the reviews come from, for the report. */
  app: string;
  /** Columns nothing reads (CSV formats), with how many rows had a value there. */
  ignoredColumns: { name: string; values: number }[];
  rows(): AsyncGenerator<SourceRow>;
}

const FORMAT_APPS: Record<'jsonl' | 'plaudit', string> = { jsonl: 'Trustoo-compatible JSON lines', plaudit: 'Plaudit export' };

/** A file in any supported format; `auto` detects it from the first line (JSON) or the header row (CSV). */
export async function fileSource(path: string, requested: FormatName | 'auto', now: () => number): Promise<ImportSource> {
  const head = await readHead(path).catch((error: NodeJS.ErrnoException) => {
    throw new ImportInputError(`cannot read ${path}: ${error.code ?? error.message}`);
  });
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const looksJson = firstLine.trimStart().startsWith('{');
  if (requested === 'jsonl' || requested === 'plaudit' || (requested === 'auto' && looksJson)) {
    let header: unknown;
    try {
      header = JSON.parse(firstLine);
    } catch {
      header = undefined;
    }
    const format = requested === 'auto' ? (isPlauditHeader(header) ? 'plaudit' : 'jsonl') : requested;
    if (format === 'plaudit' && !isPlauditHeader(header)) throw new ImportInputError('the first line is not a Plaudit export header ({"format":"plaudit-reviews",…})');
    return jsonSource(path, format, now);
  }
  if (requested === 'auto' && head.trim() === '') throw new ImportInputError('the file is empty');
  return csvSource(path, requested === 'auto' ? 'auto' : requested, detectDelimiter(firstLine), now);
}

async function csvSource(path: string, requested: keyof typeof CSV_FORMAT_SPECS | 'auto', delimiter: ',' | ';', now: () => number): Promise<ImportSource> {
  let header: string[] | undefined;
  for await (const record of csvRecords(path, delimiter)) {
    header = record.fields;
    break;
  }
  if (!header) throw new ImportInputError('the file has no header row');
  const format = requested === 'auto' ? detectCsvFormat(header) : CSV_FORMAT_SPECS[requested];
  if (!format) {
    throw new ImportInputError(
      `cannot tell the format from the header (${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}); give --format judgeme|shopify|yotpo|loox|okendo|jsonl|plaudit`,
    );
  }
  const map = mapColumns(format, header);
  const problem = headerProblem(map);
  if (problem) throw new ImportInputError(problem);
  const ignoredColumns = map.ignored.map(({ name }) => ({ name, values: 0 }));
  return {
    format: format.name,
    app: format.app,
    ignoredColumns,
    async *rows() {
      ignoredColumns.forEach((c) => (c.values = 0));
      let first = true;
      for await (const { line, fields } of csvRecords(path, delimiter)) {
        if (first) {
          first = false;
          continue;
        }
        map.ignored.forEach(({ column }, i) => {
          if ((fields[column] ?? '').trim() !== '') ignoredColumns[i]!.values++;
        });
        yield rowOf(line, () => reviewFromRecord(map as ColumnMap, fields, line, now()));
      }
    },
  };
}

function jsonSource(path: string, format: 'jsonl' | 'plaudit', now: () => number): ImportSource {
  return {
    format,
    app: FORMAT_APPS[format],
    ignoredColumns: [],
    async *rows() {
      for await (const { line, value, error } of jsonLines(path)) {
        if (format === 'plaudit' && line === 1 && isPlauditHeader(value)) continue;
        // Questions travel in the same export; the CLI imports them after the reviews (questions.transfer.ts).
        if (format === 'plaudit' && isQuestionLine(value)) continue;
        if (error) yield { line, error };
        else yield rowOf(line, () => reviewFromObject(value, line, { keyPrefix: format, keepTimes: format === 'plaudit', now: now() }));
      }
    },
  };
}

function rowOf(line: number, read: () => ImportedReview): SourceRow {
  try {
    return { line, review: read() };
  } catch (error) {
    if (error instanceof RowError) return { line, error: error.message };
    throw error;
  }
}

export interface ApiSourceOptions {
  baseUrl: string;
  publicToken: string;
  privateToken: string;
  /** Tests may pass one; by default fetch with a timeout. */
  transport?: Transport;
  pageSize?: number;
}

/**
 * Every review of a Trustoo-compatible server (Plaudit included), oldest first, through signed
 * get_reviews calls. Row "lines" are positions in that order (1 = the first review).
 */
export function apiSource(options: ApiSourceOptions, now: () => number): ImportSource {
  const client = new PlauditClient({
    publicToken: options.publicToken,
    privateToken: options.privateToken,
    ...(options.transport ? { transport: options.transport } : { baseUrl: options.baseUrl }),
  });
  const host = new URL(options.baseUrl).host;
  const pageSize = options.pageSize ?? 100;
  return {
    format: 'api',
    app: `Open API at ${host}`,
    ignoredColumns: [],
    async *rows() {
      let position = 0;
      for (let page = 1; ; page++) {
        const response = await client.getReviews({ page, page_size: pageSize, sort_by: 'created-ascending' }).catch((error: Error) => {
          throw new ImportInputError(`get_reviews page ${page} failed: ${error.message}`);
        });
        if (response.code !== 0) throw new ImportInputError(`get_reviews page ${page} answered code ${response.code}: ${response.message}`);
        const list = response.data?.list ?? [];
        for (const item of list) {
          position++;
          yield rowOf(position, () => reviewFromObject(item, position, { keyPrefix: `api:${host}`, keepTimes: true, now: now() }));
        }
        if (list.length < pageSize || page >= (response.data.page?.total_page ?? page)) return;
      }
    },
  };
}
