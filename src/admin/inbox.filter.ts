import { createHash } from 'node:crypto';
import { badInput } from './admin.problems.ts';

export const STATUSES = ['pending', 'published', 'hidden', 'spam'] as const;
export type Status = (typeof STATUSES)[number];
export const SORTS = ['newest', 'oldest', 'rating_desc', 'rating_asc'] as const;
export type Sort = (typeof SORTS)[number];

/** The inbox filter keys as they arrive in the query string (or a bulk job's `filter`). */
export interface InboxFilterInput {
  status?: string;
  rating?: string;
  media?: 'photo' | 'video' | 'any' | 'none';
  product_id?: string;
  source?: string;
  verified?: 'true' | 'false';
  from?: string;
  to?: string;
  q?: string;
}

export interface InboxFilter {
  statuses: Status[];
  ratings: number[];
  media?: 'photo' | 'video' | 'any' | 'none';
  productId?: string;
  source?: string;
  verified?: boolean;
  from?: number;
  to?: number;
  /** Full-text search words (letters and digits only); the last one matches as a prefix. */
  words: string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_WORDS = 10;

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

function time(field: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = RFC3339.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw badInput(field, 'must be an RFC 3339 time such as 2026-06-01T00:00:00Z');
  return ms;
}

/** Checks and normalises the filter; every problem names its key (prefix for a bulk job's nested filter). */
export function parseInboxFilter(input: InboxFilterInput, prefix = ''): InboxFilter {
  const statuses = list(input.status);
  if (statuses.some((s) => !(STATUSES as readonly string[]).includes(s))) throw badInput(`${prefix}status`, `must be ${STATUSES.join(', ')} (comma-separated)`);
  const ratings = list(input.rating);
  if (ratings.some((r) => !/^[1-5]$/.test(r))) throw badInput(`${prefix}rating`, 'must be star values 1-5 (comma-separated)');
  if (input.product_id !== undefined && !/^[0-9]{1,20}$/.test(input.product_id)) throw badInput(`${prefix}product_id`, 'must be a numeric product id (0 = store reviews)');
  if (input.source !== undefined && (input.source.length === 0 || input.source.length > 64)) throw badInput(`${prefix}source`, 'must be 1-64 characters');
  const from = time(`${prefix}from`, input.from);
  const to = time(`${prefix}to`, input.to);
  if (from !== undefined && to !== undefined && from >= to) throw badInput(`${prefix}to`, 'must be after from');
  const words =
    (input.q ?? '')
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  if (input.q !== undefined && input.q.trim() !== '' && words.length === 0) throw badInput(`${prefix}q`, 'must contain a word (letters or digits)');
  if (words.length > MAX_WORDS) throw badInput(`${prefix}q`, `allows at most ${MAX_WORDS} words`);
  return {
    statuses: [...new Set(statuses)] as Status[],
    ratings: [...new Set(ratings.map(Number))],
    media: input.media,
    productId: input.product_id?.replace(/^0+(?=\d)/, ''),
    source: input.source,
    verified: input.verified === undefined ? undefined : input.verified === 'true',
    from,
    to,
    words: words.map((w) => w.slice(0, 64)),
  };
}

/** Identifies a filter and sort, so a cursor is refused with any other. */
export const filterFingerprint = (filter: InboxFilter, sort: Sort) =>
  createHash('sha256')
    .update(JSON.stringify([filter, sort]))
    .digest('base64url')
    .slice(0, 12);

export interface Cursor {
  /** filterFingerprint of the list it belongs to */
  f: string;
  /** sort key values of the last item: [rating?, commented_at, id] */
  k: number[];
}

export const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export function decodeCursor(text: string | undefined, fingerprint: string, keyLength: number): Cursor | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (cursor.f === fingerprint && Array.isArray(cursor.k) && cursor.k.length === keyLength && cursor.k.every(Number.isSafeInteger)) return cursor;
  } catch {
    // fall through
  }
  throw badInput('cursor', 'is not a cursor of this list (filters and sort must stay the same; start again without cursor)');
}
