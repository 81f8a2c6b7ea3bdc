import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../db/dialect.ts';

/**
 * The spec's Review object built by the database as JSON text, for pages of reviews.
 * Turning 20 rows of 25 columns into JavaScript objects, mapping them and serialising them
 * again costs several times more than the indexed read; the database writes the same JSON in
 * one pass. It must equal `JSON.stringify(toReview(row))` once parsed (reviews.mapping.ts is
 * the reference; test/review-json.test.ts compares both on both databases).
 * Needs `reviews` joined with `products` as in reviews.queries.ts.
 */
export function reviewJson(dialect: DialectName): RawBuilder<string> {
  const s = dialect === 'postgres' ? POSTGRES : SQLITE;
  const fields: [string, string][] = [
    ['id', s.text('reviews.id')],
    ['product_id', 'reviews.product_id'],
    ['product_title', "coalesce(products.title, '')"],
    ['product_handle', "coalesce(products.handle, '')"],
    ['order_id', 'reviews.order_id'],
    ['rating', 'reviews.rating'],
    ['author', 'reviews.author'],
    ['author_email', 'reviews.author_email'],
    ['author_phone', 'reviews.author_phone'],
    ['author_country', 'reviews.author_country'],
    ['title', 'reviews.title'],
    ['content', 'reviews.content'],
    ['commented_at', s.wireTime('reviews.commented_at')],
    ['item_type', 'reviews.item_type'],
    ['source', 'reviews.source'],
    ['tag', 'reviews.tag'],
    ['is_verified', 'reviews.is_verified'],
    ['is_featured', 'reviews.is_featured'],
    ['is_published', 'reviews.is_published'],
    ['is_top', 'reviews.is_top'],
    ['is_incentivized', 'reviews.is_incentivized'],
    ['media', s.json('reviews.media')],
    [
      'reply',
      `case when reviews.reply_content is null then null else ${s.object([
        ['content', 'reviews.reply_content'],
        ['reply_at', s.wireTime('coalesce(reviews.reply_at, reviews.updated_at)')],
      ])} end`,
    ],
    ['created_at', s.rfc3339('reviews.created_at')],
    ['updated_at', s.rfc3339('reviews.updated_at')],
  ];
  // Only constant column names and literals are interpolated here: no input reaches this text.
  return sql<string>`${sql.raw(s.text(s.object(fields)))}`;
}

interface JsonSql {
  object(fields: [string, string][]): string;
  json(expression: string): string;
  text(expression: string): string;
  wireTime(epochMs: string): string;
  rfc3339(epochMs: string): string;
}

const pairs = (fields: [string, string][]) => fields.map(([key, value]) => `'${key}', ${value}`).join(', ');

const SQLITE: JsonSql = {
  object: (fields) => `json_object(${pairs(fields)})`,
  json: (expression) => `json(${expression})`,
  text: (expression) => `cast(${expression} as text)`,
  // Dividing by 1000.0 keeps the milliseconds, so seconds are floored also before 1970 (as Date does).
  wireTime: (ms) => `strftime('%Y-%m-%d %H:%M:%S', ${ms} / 1000.0, 'unixepoch')`,
  rfc3339: (ms) => `strftime('%Y-%m-%dT%H:%M:%SZ', ${ms} / 1000.0, 'unixepoch')`,
};

const POSTGRES: JsonSql = {
  object: (fields) => `json_build_object(${pairs(fields)})`,
  json: (expression) => `(${expression})::json`,
  text: (expression) => `(${expression})::text`,
  wireTime: (ms) => `to_char(to_timestamp(${ms} / 1000.0) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')`,
  rfc3339: (ms) => `to_char(to_timestamp(${ms} / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
};
