import { LRUCache } from 'lru-cache';
import { commitVersionOf, dataVersionOf, type Db } from './database.ts';

interface Entry<V> {
  /** The generation in which the value was read. */
  generation: number;
  /** The read, finished or still running. */
  value: Promise<V>;
}

interface PerDatabase<V> {
  /** The latest version of the committed data seen on this database. */
  version: number | string;
  /** Counts the changes of version seen: a value of an earlier generation is never used. */
  generation: number;
  entries: LRUCache<string, Entry<V>>;
}

/**
 * Values read from the database, kept in this process only while the database has committed
 * nothing since they were read, so a value is never older than the last commit, wherever it came
 * from (a rotated token stops at the very next request), and the cache pays off for what is read
 * much more often than anything is written (credentials, rating summaries, review pages). Each
 * call first learns the database's version of its committed data, as of a moment after the call
 * began; a change of version makes every value read before it a miss (they are left for the LRU
 * to drop), and a value read is kept only if the version did not change while it was read.
 *
 * - SQLite: `PRAGMA data_version` on the reader connection changes with every commit from any
 *   connection of any process. It is asked synchronously, at most once per event-loop turn
 *   (GroupCommitSqliteDialect.dataVersion), which costs a fraction of the indexed read it
 *   replaces; a hit adds no promise to the one this method returns.
 * - PostgreSQL: `pg_current_snapshot()` on a connection of its own (PostgresCommitVersion). Its
 *   text changes whenever a transaction that wrote commits, in any process, and a call waits for
 *   a check sent after it began (concurrent calls share one), so every write acknowledged before
 *   the call is reflected. A hit costs that wait, a round trip shared by every request waiting
 *   with it, instead of a query on the pool. While the check connection is being opened, or
 *   when the check fails, the call reads the database.
 *
 * In-memory SQLite databases and transactions always read. At most `maxEntries` values are
 * kept per database, the least recently used dropped first.
 */
export class CommittedReadCache<V> {
  private readonly databases = new WeakMap<Db, PerDatabase<V>>();

  constructor(private readonly maxEntries: number) {}

  get(db: Db, key: string, read: () => Promise<V>): Promise<V> {
    const dataVersion = dataVersionOf(db)?.();
    if (dataVersion !== undefined) return this.at(db, dataVersion, key, read);
    const check = commitVersionOf(db)?.next();
    if (check === undefined) return read();
    // A check that failed says nothing: read (the read reports the database's error, if any).
    return check.then(
      (version) => this.at(db, version, key, read),
      () => read(),
    );
  }

  /**
   * The value as of `version`, a version learned after the caller began. A read still running is
   * shared by callers that learned the same version: no commit came between their checks, so
   * a read begun after the first check sees what a read after the last one would (under steady
   * writes every turn brings a new version, and its concurrent requests read once, not each).
   */
  private at(db: Db, version: number | string, key: string, read: () => Promise<V>): Promise<V> {
    let database = this.databases.get(db);
    if (!database) this.databases.set(db, (database = { version, generation: 0, entries: new LRUCache({ max: this.maxEntries }) }));
    if (database.version !== version) {
      database.version = version;
      database.generation++;
    } else {
      const entry = database.entries.get(key);
      if (entry?.generation === database.generation) return entry.value;
    }
    // Read after the version check: a commit in between makes the next check miss, never the reverse.
    // An entry of a generation that has since ended is never used, so a commit seen meanwhile leaves it unused.
    let value: Promise<V>;
    try {
      value = read();
    } catch (error) {
      return Promise.reject(error);
    }
    const entries = database.entries;
    entries.set(key, { generation: database.generation, value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  }
}
