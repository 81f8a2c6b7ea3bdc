import { createHash } from 'node:crypto';
import { safeUrl } from '../lib/html.ts';
import { parseWireTime } from '../lib/time.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';

/** How a row names its product; all empty (null product) = a store review. */
export interface ProductRef {
  id?: string;
  handle?: string;
  sku?: string;
  url?: string;
  title?: string;
  imageUrl?: string;
}

/** One review read from any format, validated and ready to write. */
export interface ImportedReview {
  line: number;
  /** Per-shop idempotency key: the file's own review id, or a stable hash of product, author, date and text. */
  sourceKey: string;
  product: ProductRef | null;
  rating: number;
  title: string;
  content: string;
  author: string;
  author_email: string;
  author_phone: string;
  author_country: string;
  order_id: string;
  item_type: string;
  source: string;
  tag: string;
  commented_at: number;
  is_verified: 0 | 1;
  is_featured: 0 | 1;
  is_published: 0 | 1;
  is_top: 0 | 1;
  media: ReviewMedia[];
  reply_content: string | null;
  reply_at: number | null;
  /** Kept from Plaudit's own export and the API (else the import time). */
  created_at?: number;
  updated_at?: number;
  /** Things dropped from an otherwise good row (e.g. a malformed photo URL). */
  warnings: string[];
}

/** A row that cannot be imported; the message is the reason shown with its line number. */
export class RowError extends Error {}

export const LIMITS = { title: 300, content: 10_000, author: 120, email: 254, itemType: 120, tag: 120 } as const;
const MAX_IMAGES = 10;
const VIDEO_URL = /\.(mp4|m4v|mov|webm)(\?|#|$)/i;

export function parseRating(text: string): number {
  const trimmed = text.trim();
  if (!/^[1-5](\.0+)?$/.test(trimmed)) throw new RowError(trimmed === '' ? 'rating is missing' : `rating "${clip(trimmed)}" is not a whole number from 1 to 5`);
  return Number(trimmed);
}

/**
 * Dates as the apps write them: `2025-03-02`, `2025-03-02 10:12:00 UTC`, RFC 3339 with or without
 * an offset (`+0000` too), `2025/03/02`, and `03/02/2025` (month first, unless the first number
 * cannot be a month). Times without an offset are UTC.
 */
export function parseDate(field: string, text: string, now: number): number {
  const raw = text.trim();
  if (raw === '') throw new RowError(`${field} is missing`);
  let normalised = raw.replace(/\s*UTC$/i, '').replace(/\s*([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(.*)$/.exec(normalised);
  if (slashed) {
    const [, a, b, year, rest] = slashed as unknown as [string, string, string, string, string];
    const [month, day] = Number(a) > 12 ? [b, a] : [a, b];
    normalised = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}${rest}`;
  }
  normalised = normalised.replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3');
  if (/^\d{4}-\d{2}-\d{2}$/.test(normalised)) normalised += ' 00:00:00';
  normalised = normalised.replace(/^(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2})(?=$|Z|[+-])/, '$1:00').replace(/^(\d{4}-\d{2}-\d{2}[ T])(\d):/, '$10$2:');
  const ms = parseWireTime(normalised);
  if (ms === null || ms < Date.UTC(1995, 0, 1)) throw new RowError(`${field} "${clip(raw)}" is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)`);
  if (ms > now + 86_400_000) throw new RowError(`${field} "${clip(raw)}" is in the future`);
  return ms;
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 't']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'f', '']);

export function parseFlag(field: string, text: string): 0 | 1 {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return 1;
  if (FALSE_WORDS.has(word)) return 0;
  throw new RowError(`${field} "${clip(text)}" is not yes/no`);
}

const PUBLISHED_WORDS = new Set(['1', 'true', 'yes', 'ok', 'published', 'approved', 'active', 'visible', 'shown', 'public']);
const UNPUBLISHED_WORDS = new Set(['0', 'false', 'no', 'spam', 'unpublished', 'rejected', 'hidden', 'inactive', 'pending', 'archived', 'private', 'not published']);

/** A review state word from any app (curated ok/spam, state published/unpublished, Status approved/rejected, …). */
export function parsePublished(field: string, text: string, whenEmpty: 0 | 1): 0 | 1 {
  const word = text.trim().toLowerCase();
  if (word === '') return whenEmpty;
  if (PUBLISHED_WORDS.has(word)) return 1;
  if (UNPUBLISHED_WORDS.has(word)) return 0;
  throw new RowError(`${field} "${clip(text)}" is not a known review state (e.g. published, unpublished, ok, spam)`);
}

export function limited(field: string, text: string, max: number): string {
  if (text.length > max) throw new RowError(`${field} is longer than ${max} characters`);
  return text;
}

/** Media URLs from one cell (comma, space or newline separated); bad or extra URLs become warnings. */
export function mediaFromUrls(urls: string[], warnings: string[]): ReviewMedia[] {
  const media: ReviewMedia[] = [];
  let images = 0;
  let videos = 0;
  for (const url of urls.map((u) => u.trim()).filter(Boolean)) {
    if (safeUrl(url) === '' || url.length > 2048) {
      warnings.push(`media URL "${clip(url)}" is not an http(s) URL; left out`);
      continue;
    }
    const type = VIDEO_URL.test(url) ? 2 : 1;
    if ((type === 1 && images >= MAX_IMAGES) || (type === 2 && videos >= 1)) {
      warnings.push(`more than ${MAX_IMAGES} photos or 1 video; ${clip(url)} left out`);
      continue;
    }
    if (type === 1) images++;
    else videos++;
    media.push({ url, thumbnail_url: '', type, is_published: 1 });
  }
  return media;
}

/** URLs of one cell: separated by commas, pipes or line breaks, or by spaces before the next http(s) URL. */
export const splitUrls = (cell: string): string[] =>
  cell
    .split(/\s*[,|\n]\s*|\s+(?=https?:\/\/)/i)
    .map((u) => u.trim())
    .filter(Boolean);

/** A two-letter region code, or '' when the text is something else (a city, a country name). */
export const countryCode = (text: string): string => (/^[A-Za-z]{2}$/.test(text.trim()) ? text.trim().toUpperCase() : '');

/** The product reference key used for hashing and for the product cache. */
export const productKey = (ref: ProductRef | null): string =>
  ref === null ? 'store' : ref.id ? `id:${ref.id}` : ref.handle ? `handle:${ref.handle.toLowerCase()}` : ref.sku ? `sku:${ref.sku}` : `url:${ref.url ?? ''}`;

/** The idempotency key of a row whose file has no review id: the same review always hashes the same. */
export function hashKey(review: Pick<ImportedReview, 'product' | 'author' | 'commented_at' | 'content' | 'title' | 'rating'>): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([productKey(review.product), review.author.trim().toLowerCase(), review.commented_at, review.rating, review.title.trim(), review.content.trim()]))
    .digest('hex');
  return `hash:${digest.slice(0, 40)}`;
}

export const clip = (text: string, max = 40): string => (text.length > max ? `${text.slice(0, max)}…` : text);
