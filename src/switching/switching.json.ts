import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseWireTime } from '../lib/time.ts';
import { RowError, hashKey, limited, LIMITS, mediaFromUrls, parseDate, parseRating, type ImportedReview, type ProductRef } from './switching.row.ts';

/** The first line of Plaudit's own export (`plaudit reviews export --format plaudit`). */
export const PLAUDIT_EXPORT_HEADER = { format: 'plaudit-reviews', version: 1 } as const;

export interface JsonLine {
  line: number;
  value?: unknown;
  error?: string;
}

/** Streams a JSON-lines file, one parsed value per non-blank line (a line that is not JSON carries its error). */
export async function* jsonLines(path: string): AsyncGenerator<JsonLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) as unknown };
    } catch {
      yield { line, error: 'not valid JSON' };
    }
  }
}

export const isPlauditHeader = (value: unknown): boolean => typeof value === 'object' && value !== null && (value as { format?: unknown }).format === PLAUDIT_EXPORT_HEADER.format;

type Obj = Record<string, unknown>;

const text = (obj: Obj, key: string): string => {
  const value = obj[key];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new RowError(`${key} must be text`);
};

const flag = (obj: Obj, key: string, fallback: 0 | 1): 0 | 1 => {
  const value = obj[key];
  if (value === undefined || value === null) return fallback;
  if (value === 1 || value === '1' || value === true) return 1;
  if (value === 0 || value === '0' || value === false) return 0;
  throw new RowError(`${key} must be 0 or 1`);
};

function rfc3339(obj: Obj, key: string): number | undefined {
  const value = text(obj, key);
  if (value === '') return undefined;
  const ms = parseWireTime(value);
  if (ms === null) throw new RowError(`${key} "${value.slice(0, 40)}" is not a time`);
  return ms;
}

export interface ReviewObjectOptions {
  /** Prefix of the review's id in its source key (`jsonl`, `api:host`); Plaudit's export carries its own `source_key`. */
  keyPrefix: string;
  /** Keep created_at and updated_at (Plaudit's export and the API carry the originals). */
  keepTimes: boolean;
  now: number;
}

/** A Review object of the Open API (or a line of Plaudit's export, which adds product_url and source_key) → a validated review. */
export function reviewFromObject(value: unknown, line: number, options: ReviewObjectOptions): ImportedReview {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RowError('is not a JSON object');
  const obj = value as Obj;
  const warnings: string[] = [];
  const rating = typeof obj.rating === 'number' ? parseRating(String(obj.rating)) : parseRating(text(obj, 'rating'));
  const productId = text(obj, 'product_id').replace(/^0+(?=\d)/, '');
  if (productId !== '' && !/^\d{1,20}$/.test(productId)) throw new RowError('product_id must be a numeric product id');
  const product: ProductRef | null =
    productId === '' || productId === '0'
      ? null
      : {
          id: productId,
          ...(text(obj, 'product_handle') ? { handle: text(obj, 'product_handle') } : {}),
          ...(text(obj, 'product_title') ? { title: text(obj, 'product_title') } : {}),
          ...(text(obj, 'product_url') ? { url: text(obj, 'product_url') } : {}),
          ...(text(obj, 'product_image_url') ? { imageUrl: text(obj, 'product_image_url') } : {}),
        };
  const commentedAt = parseDate('commented_at', text(obj, 'commented_at'), options.now);
  const reply = obj.reply as Obj | null | undefined;
  if (reply !== undefined && reply !== null && typeof reply !== 'object') throw new RowError('reply must be an object or null');
  const replyContent = reply ? limited('reply', text(reply, 'content'), LIMITS.content) : '';
  const mediaList = Array.isArray(obj.media) ? (obj.media as unknown[]) : [];
  const media = mediaFromUrls(
    mediaList.map((m) => (typeof m === 'object' && m !== null ? text(m as Obj, 'url') : '')),
    warnings,
  ).map((m) => {
    const original = mediaList.find((o) => (o as Obj | null)?.url === m.url) as Obj;
    return { ...m, thumbnail_url: text(original, 'thumbnail_url'), type: Number(original.type ?? m.type) === 2 ? 2 : 1, is_published: flag(original, 'is_published', 1) };
  });
  const review: ImportedReview = {
    line,
    sourceKey: '',
    product,
    rating,
    title: limited('title', text(obj, 'title'), LIMITS.title),
    content: limited('content', text(obj, 'content'), LIMITS.content),
    author: limited('author', text(obj, 'author').trim() || 'Anonymous', LIMITS.author),
    author_email: limited('author_email', text(obj, 'author_email'), LIMITS.email),
    author_phone: text(obj, 'author_phone'),
    author_country: text(obj, 'author_country').trim().toUpperCase().slice(0, 8),
    order_id: text(obj, 'order_id'),
    item_type: limited('item_type', text(obj, 'item_type'), LIMITS.itemType),
    source: text(obj, 'source').trim().slice(0, 64) || 'CSV uploaded',
    tag: limited('tag', text(obj, 'tag'), LIMITS.tag),
    commented_at: commentedAt,
    is_verified: flag(obj, 'is_verified', 0),
    is_featured: flag(obj, 'is_featured', 0),
    is_published: flag(obj, 'is_published', 1),
    is_top: flag(obj, 'is_top', 0),
    media,
    reply_content: replyContent === '' ? null : replyContent,
    reply_at: replyContent === '' ? null : reply && text(reply, 'reply_at') ? parseDate('reply.reply_at', text(reply, 'reply_at'), options.now) : commentedAt,
    ...(options.keepTimes ? { created_at: rfc3339(obj, 'created_at'), updated_at: rfc3339(obj, 'updated_at') } : {}),
    warnings,
  };
  const ownKey = text(obj, 'source_key');
  const id = text(obj, 'id');
  review.sourceKey = ownKey || (id ? `${options.keyPrefix}:${id}` : hashKey(review));
  return review;
}
