import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './dialect.ts';

/**
 * A review's media list is JSON written by JSON.stringify, so an item of type 1 (photo) or 2
 * (video) always appears as this exact text (inside a URL a quote would be escaped).
 */
export const PHOTO_MARK = '"type":1';
export const VIDEO_MARK = '"type":2';

/**
 * "The media list holds an item of this type", as a literal expression: the partial indexes of
 * migration 1730 are defined with it, and a database uses such an index only for a query
 * containing the same expression with the same literal (never a bound parameter).
 */
export const mediaHas = (dialect: DialectName, mark: typeof PHOTO_MARK | typeof VIDEO_MARK, column: 'media' | 'reviews.media'): RawBuilder<boolean> =>
  dialect === 'postgres' ? sql<boolean>`strpos(${sql.ref(column)}, ${sql.lit(mark)}) > 0` : sql<boolean>`instr(${sql.ref(column)}, ${sql.lit(mark)}) > 0`;
