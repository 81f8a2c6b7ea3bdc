import { sql, type Kysely } from 'kysely';
import type { Db } from './database.ts';
import { dialectOf } from './dialect.ts';
import { migrations } from './migrations/index.ts';

/**
 * Applies every pending migration, by name order, in one transaction: either all of them
 * land or none does. Concurrent starters (several API processes on PostgreSQL) queue on an
 * advisory lock; SQLite's write lock serialises them. Applied names are kept in
 * `plaudit_migrations`. `through` stops after that migration (tests of a later one's data step). (Kysely's Migrator introspects every schema of the database, which
 * breaks when other schemas are created and dropped concurrently, as the tests do.)
 */
export async function migrateToLatest(db: Db, options: { through?: string } = {}): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const anyDb = db as unknown as Kysely<any>;
  return anyDb.transaction().execute(async (trx) => {
    if (dialectOf(anyDb) === 'postgres') await sql`select pg_advisory_xact_lock(7245001)`.execute(trx);
    await trx.schema
      .createTable('plaudit_migrations')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const applied = new Set((await trx.selectFrom('plaudit_migrations').select('name').execute()).map((r: { name: string }) => r.name));
    const pending = Object.keys(migrations)
      .sort()
      .filter((name) => !applied.has(name) && (options.through === undefined || name <= options.through));
    for (const name of pending) {
      await migrations[name]!.up(trx);
      await trx.insertInto('plaudit_migrations').values({ name, applied_at: Date.now() }).execute();
    }
    return pending;
  });
}
