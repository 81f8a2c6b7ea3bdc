import { dataVersionOf, type Db } from './database.ts';

interface Generation<V> {
  dataVersion: number;
  values: Map<string, V>;
}

/**
 * Values read from the database, kept in this process only while the database has committed
 * nothing since they were read. On SQLite, `PRAGMA data_version` on the reader connection
 * changes with every commit from any connection of any process; checking it costs a few
 * microseconds, a fraction of the indexed read it replaces, and a change empties the cache. So
 * a value is never older than the last commit, wherever it came from (a rotated token stops at
 * the very next request), and the cache pays off for what is read much more often than anything
 * is written (credentials, rating summaries). On PostgreSQL, an in-memory database and inside
 * transactions every call reads.
 */
export class CommittedReadCache<V> {
  private readonly generations = new WeakMap<Db, Generation<V>>();

  constructor(private readonly maxEntries: number) {}

  async get(db: Db, key: string, read: () => Promise<V>): Promise<V> {
    const dataVersion = dataVersionOf(db)?.();
    if (dataVersion === undefined) return read();
    let generation = this.generations.get(db);
    if (generation?.dataVersion !== dataVersion) {
      generation = { dataVersion, values: new Map() };
      this.generations.set(db, generation);
    } else if (generation.values.has(key)) {
      return generation.values.get(key)!;
    }
    // Read after the version check: a commit in between makes the next check miss, never the reverse.
    const value = await read();
    if (this.generations.get(db) === generation) {
      if (generation.values.size >= this.maxEntries) generation.values.delete(generation.values.keys().next().value!);
      generation.values.set(key, value);
    }
    return value;
  }
}
