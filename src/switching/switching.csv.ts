import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';

export interface CsvRecord {
  /** The file line the record starts on (1 = the header). */
  line: number;
  fields: string[];
}

export type Delimiter = ',' | ';';

/** The largest record accepted (a field beyond it is a broken file, not a review). */
const MAX_RECORD_BYTES = 1_000_000;

/** `;` when the header line has more semicolons than commas outside quotes (European spreadsheet exports), else `,`. */
export function detectDelimiter(headerLine: string): Delimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of headerLine.replace(/^\uFEFF/, '')) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** The file's first bytes as text (enough for the header line and format sniffing). */
export async function readHead(path: string, bytes = 64 * 1024): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/** Streams a CSV file's records (header included) with their starting line numbers; memory stays flat whatever the file size. */
export async function* csvRecords(path: string, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    // info.lines is where the record ends; line breaks inside quoted fields move its start up.
    const inner = record.reduce((n, field) => n + countNewlines(field), 0);
    yield { line: info.lines - inner, fields: record };
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

type Cell = string | number | null | undefined;

/**
 * A CSV cell, quoted when it holds a separator, quote or line break. With `spreadsheet`, text
 * that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
export function csvCell(value: Cell, spreadsheet = false): string {
  const text = value === null || value === undefined ? '' : String(value);
  const guarded = spreadsheet && typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",;\r\n]/.test(guarded) || /^\s|\s$/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export const csvLine = (cells: Cell[], spreadsheet = false): string => cells.map((c) => csvCell(c, spreadsheet)).join(',') + '\n';
