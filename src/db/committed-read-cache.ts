import { LRUCache } from 'lru-cache';
import { dataVersionOf, type Db } from './database.ts';

interface Entry<V> {
  /** The generation in which the value was read. */
  generation: number;
  value: V;
}

interface PerDatabase<V> {
  /** The latest data_version seen on this database. */
  dataVersion: number;
  /** Counts the changes of data_version seen: a value of an earlier generation is never used. */
  generation: number;
  entries: LRUCache<string, Entry<V>>;
}

/**
 * Values read from the database, kept in this process only while the database has committed
 * nothing since they were read. On SQLite, `PRAGMA data_version` on the reader connection
 * changes with every commit from any connection of any process; checking it costs a few
 * microseconds, a fraction of the indexed read it replaces, and a change makes every value read
 * before it a miss (they are left for the LRU to drop). So a value is never older than the last commit, wherever it came from (a
 * rotated token stops at the very next request), and the cache pays off for what is read much
 * more often than anything is written (credentials, rating summaries). On PostgreSQL, an
 * in-memory database and inside transactions every call reads. At most `maxEntries` values are
 * kept per database, the least recently used dropped first.
 */
export class CommittedReadCache<V> {
  private readonly databases = new WeakMap<Db, PerDatabase<V>>();

  constructor(private readonly maxEntries: number) {}

  async get(db: Db, key: string, read: () => Promise<V>): Promise<V> {
    const dataVersion = dataVersionOf(db)?.();
    if (dataVersion === undefined) return read();
    let database = this.databases.get(db);
    if (!database) this.databases.set(db, (database = { dataVersion, generation: 0, entries: new LRUCache({ max: this.maxEntries }) }));
    if (database.dataVersion !== dataVersion) {
      database.dataVersion = dataVersion;
      database.generation++;
    } else {
      const entry = database.entries.get(key);
      if (entry?.generation === database.generation) return entry.value;
    }
    const generation = database.generation;
    // Read after the version check: a commit in between makes the next check miss, never the reverse.
    const value = await read();
    // Kept only while no commit was seen meanwhile, as the old generation's values are never used.
    if (database.generation === generation) database.entries.set(key, { generation, value });
    return value;
  }
}
