import type { CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

/**
 * A query built and compiled once per database handle, then run with fresh parameters.
 * Kysely otherwise rebuilds and recompiles the query tree on every call, which costs more
 * than the indexed read itself on the hottest paths (every request's credential lookup,
 * get_rating). `build` receives placeholder values; `run` passes the real ones in the
 * order they appear in the SQL.
 */
export function compiledOnce<Row, Params extends unknown[]>(build: (db: Db) => { compile(): CompiledQuery<Row> }) {
  const compiledByDb = new WeakMap<Db, CompiledQuery<Row>>();
  return async (db: Db, ...parameters: Params): Promise<Row[]> => {
    let compiled = compiledByDb.get(db);
    if (!compiled) {
      compiled = build(db).compile();
      compiledByDb.set(db, compiled);
    }
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  };
}
