import type pg from 'pg';

/*
 * The statements of compiled.ts run as named prepared statements on PostgreSQL: each connection
 * parses and plans one the first time it runs it, then only binds values to it. Unnamed
 * statements are parsed and planned on every run, which cost PostgreSQL about as much CPU as the
 * work itself on the hottest paths (a review's insert, its rating upsert, the credential lookup):
 * with pgbench, a review's statements ran at 1,400 transactions/s unnamed and 2,650 prepared.
 * Only compiled.ts's texts are named: there are few of them (one per query and shape), so the
 * statements each connection keeps stay few; every other query runs unnamed as before.
 * Behind PgBouncer in transaction mode this needs its max_prepared_statements (1.21 or later).
 */

/** At most this many texts get a name; later ones run unnamed (compiled.ts bounds its shapes too). */
const MAX_PREPARED = 2000;
const nameOfText = new Map<string, string>();

/** Runs this SQL text as a named prepared statement from now on (on every PostgreSQL connection). */
export function preparePostgresStatement(text: string): void {
  if (nameOfText.has(text) || nameOfText.size >= MAX_PREPARED) return;
  nameOfText.set(text, `plaudit_${nameOfText.size + 1}`);
}

/** PostgreSQL's refusal to run a prepared statement whose `select *` gained or lost columns (a migration ran meanwhile). */
const isStalePlan = (error: unknown) => (error as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message));

/**
 * The pool's client class: a query whose text was registered above goes out under its name.
 * When a migration (by another process, say) changes a table under a prepared `select *`, the
 * statement's next run fails once; this connection then prepares the text afresh under a new name.
 */
export function preparingClientClass(pgModule: typeof pg): typeof pg.Client {
  return class PreparingClient extends pgModule.Client {
    #renamed = new Map<string, string>();

    // Kysely's driver calls query(text, values) and awaits the promise.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      const shared = typeof config === 'string' && Array.isArray(values) && callback === undefined ? nameOfText.get(config) : undefined;
      if (shared === undefined) return super.query(config, values, callback);
      const name = this.#renamed.get(shared) ?? shared;
      return (super.query({ name, text: config, values }) as unknown as Promise<unknown>).catch((error: unknown) => {
        if (isStalePlan(error)) this.#renamed.set(shared, `${name}_${this.#renamed.size + 1}`);
        throw error;
      });
    }
  } as typeof pg.Client;
}
