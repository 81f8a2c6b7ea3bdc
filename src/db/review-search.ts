/**
 * SQLite's full-text index of reviews (migration 1740): an FTS5 table whose rowid is a key in
 * date order, (second of commented_at) × 2^31 + review id, so "newest matches first" reads the
 * index in rowid order and stops after a page instead of collecting every match. A `shop`
 * column holds one token per review ("s<shop id>"), so the shop is part of the match and a
 * count of a shop's matches needs no row lookups. Review ids stay below 2^31.
 */
export const ID_MASK = 2147483647;
const BUCKET_MIN = -2147483648;
const BUCKET_MAX = 2147483647;

/** The key of a row of `reviews` as SQL (trigger rows `new`/`old`, or `reviews`). */
export const searchKeySql = (row: string) => `(max(min(cast(${row}.commented_at / 1000 as integer), ${BUCKET_MAX}), ${BUCKET_MIN}) * 2147483648 + ${row}.id)`;

/** The key's high part for a commented_at, exactly as searchKeySql computes it. */
export const searchBucket = (commentedAt: number) => Math.max(Math.min(Math.trunc(commentedAt / 1000), BUCKET_MAX), BUCKET_MIN);

/** The values a review row gives the table's columns, as SQL (shop token first). */
export const searchColumnsSql = (row: string) => `'s' || ${row}.shop_id, ${row}.author, ${row}.title, ${row}.content, coalesce(${row}.reply_content, '')`;

/**
 * An FTS5 query for a shop's reviews holding every word (letters and digits only, so quoting is
 * enough); `prefixLast` completes the last word. Words never match the shop column.
 */
export function searchMatch(shopId: number, words: string[], prefixLast: boolean): string {
  const terms = words.map((w, i) => `"${w}"${prefixLast && i === words.length - 1 ? '*' : ''}`).join(' ');
  return `shop : "s${shopId}" AND {author title content reply_content} : (${terms})`;
}
