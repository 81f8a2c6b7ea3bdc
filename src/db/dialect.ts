import { Kysely, PostgresAdapter, sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';

/** The few places where SQLite and PostgreSQL need different SQL live here. */
export type DialectName = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const dialectOf = (db: Kysely<any>): DialectName => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** An auto-incrementing integer primary key that never reuses ids. */
export function withAutoId<T extends string>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return dialectOf(db) === 'postgres'
    ? table.addColumn('id', 'bigint', (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

/** Case-insensitive substring match operator (`ILIKE` on PostgreSQL; SQLite's LIKE is already case-insensitive for ASCII). */
export const likeOperator = (dialect: DialectName) => (dialect === 'postgres' ? 'ilike' : 'like');

/** Escapes LIKE wildcards so user text matches literally (used with `ESCAPE '\'`). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** CHECK constraint for a 0/1 integer flag column. */
export const flagCheck = (column: string) => sql`${sql.ref(column)} in (0, 1)`;
