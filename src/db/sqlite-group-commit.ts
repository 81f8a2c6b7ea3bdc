import { performance, type UVMetrics } from 'node:perf_hooks';
import type SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult } from 'kysely';

/**
 * SQLite with two connections and group commit.
 *
 * - Reads outside a transaction run on a reader connection. In WAL mode it sees only committed
 *   data and never waits for a writer.
 * - Every transaction, and every write outside one, runs on the writer connection inside a
 *   SAVEPOINT of a shared outer transaction. A unit that succeeds is released into the outer
 *   transaction and its caller waits; as soon as no other unit is waiting for the writer, one
 *   COMMIT (one fsync with `synchronous = FULL`) makes the whole group durable and all of its
 *   callers resume. A unit that fails is rolled back to its savepoint alone. A failed COMMIT
 *   fails every unit of the group, none of which had been answered yet.
 *
 * Each caller still resumes only after its own changes are durable, and units still see
 * each other in order, as with one connection; only the fsyncs are shared. This is what lets
 * create_review pass 2,000 requests/s with synchronous = FULL.
 */
/** How long a unit waits for another connection's write lock before failing (SQLITE_BUSY), as busy_timeout did. */
const WRITE_LOCK_WAIT_MS = 5000;

export class GroupCommitSqliteDialect implements Dialect {
  private dataVersionSeen: { version: number; loopCount: number; events: number } | undefined;

  constructor(
    private readonly writer: SQLite.Database,
    private readonly reader: SQLite.Database,
    private readonly afterCommit: CommitObserver = NO_OBSERVER,
  ) {}
  /** A read-only query's rows from the reader connection, or undefined for any other statement. */
  readNow<R>(query: CompiledQuery): R[] | undefined {
    return readOnly<R>(this.reader, query)?.rows as R[] | undefined;
  }

  /**
   * `PRAGMA data_version` of the reader: it changes whenever another connection (the writer,
   * another process) commits. Asking costs three system calls, so the answer is reused until
   * the event loop next polls for I/O (libuv counts its loops just before polling, and its
   * events after each batch) or the writer commits. Requests handled in this turn had started
   * arriving before that poll, so each still sees every commit that finished before it was sent.
   */
  dataVersion(): number {
    const turn = performance.nodeTiming.uvMetricsInfo as UVMetrics | undefined; // Node ≥ 20.18
    const seen = this.dataVersionSeen;
    if (seen && turn && seen.loopCount === turn.loopCount && seen.events === turn.events) return seen.version;
    const version = this.reader.prepare('pragma data_version').pluck().get() as number;
    this.dataVersionSeen = turn && { version, loopCount: turn.loopCount, events: turn.events };
    return version;
  }

  createDriver(): Driver {
    return new GroupCommitDriver(this.writer, this.reader, {
      committed: () => {
        this.dataVersionSeen = undefined;
        this.afterCommit.committed();
      },
      close: () => this.afterCommit.close(),
    });
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

/** Told of every commit of the writer, and closed before the connections are (src/db/sqlite-checkpointer.ts). */
export interface CommitObserver {
  committed(): void;
  close(): Promise<void>;
}

const NO_OBSERVER: CommitObserver = { committed: () => {}, close: async () => {} };

/** Runs one statement the way Kysely's own SQLite driver does. */
function run<R>(database: SQLite.Database, query: CompiledQuery): QueryResult<R> {
  const statement = database.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

function readOnly<R>(reader: SQLite.Database, query: CompiledQuery): QueryResult<R> | undefined {
  const statement = reader.prepare(query.sql);
  return statement.readonly ? { rows: statement.all(query.parameters) as R[] } : undefined;
}

const UNIT = 'plaudit_unit';
const MAX_GROUP = 64;

class GroupCommitDriver implements Driver {
  private readonly writerLock = new Lock();
  private outerOpen = false;
  private group: { resolve(): void; reject(error: unknown): void }[] = [];
  private flushScheduled = false;

  constructor(
    private readonly writer: SQLite.Database,
    private readonly reader: SQLite.Database,
    private readonly commits: CommitObserver,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Session(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Session).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Session).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as Session).rollback();
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.writerLock.acquire();
    this.commitGroup();
    await this.commits.close();
    this.writer.close();
    if (this.reader !== this.writer) this.reader.close();
  }

  /** PRAGMAs that change settings have no effect inside a transaction: commit the group first. */
  async runOutsideUnits<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    await this.writerLock.acquire();
    try {
      this.commitGroup();
      const result = run<R>(this.writer, query);
      this.commits.committed();
      return result;
    } finally {
      this.writerLock.release();
    }
  }

  read<R>(query: CompiledQuery): QueryResult<R> | undefined {
    return readOnly<R>(this.reader, query);
  }

  /** Takes the writer and opens a savepoint for one unit (a transaction or a lone write). */
  async beginUnit(): Promise<void> {
    await this.writerLock.acquire();
    try {
      if (!this.outerOpen) {
        await this.beginImmediate();
        this.outerOpen = true;
      }
      this.writer.exec(`savepoint ${UNIT}`);
    } catch (error) {
      this.writerLock.release();
      throw error;
    }
  }

  /**
   * Takes SQLite's write lock, waiting for another connection (another process, the CLI) to
   * release it without blocking the event loop: SQLite's own busy wait would sleep the whole
   * process, and a connection of this process holding the lock could then never commit.
   */
  private async beginImmediate(): Promise<void> {
    const deadline = Date.now() + WRITE_LOCK_WAIT_MS;
    for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
      const busyTimeout = this.writer.pragma('busy_timeout', { simple: true }) as number;
      this.writer.pragma('busy_timeout = 0');
      try {
        this.writer.exec('begin immediate');
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      } finally {
        this.writer.pragma(`busy_timeout = ${busyTimeout}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  runInUnit<R>(query: CompiledQuery): QueryResult<R> {
    return run<R>(this.writer, query);
  }

  /** Keeps the unit's changes in the group and waits until the group is committed. */
  endUnit(): Promise<void> {
    this.writer.exec(`release ${UNIT}`);
    const durable = new Promise<void>((resolve, reject) => this.group.push({ resolve, reject }));
    this.writerLock.release();
    this.scheduleFlush();
    return durable;
  }

  abortUnit(): void {
    try {
      this.writer.exec(`rollback to ${UNIT}`);
      this.writer.exec(`release ${UNIT}`);
    } finally {
      this.writerLock.release();
      this.scheduleFlush();
    }
  }

  /**
   * Commits once nobody is waiting for the writer. setImmediate runs after the current round
   * of I/O callbacks, so requests that arrived together have queued their units by then.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (!this.writerLock.busy) return this.commitGroup();
      // The holder's endUnit/abortUnit schedules again; a group that keeps growing under
      // steady load is committed in its turn, so no caller waits behind an endless stream.
      if (this.group.length >= MAX_GROUP) {
        void this.writerLock.acquire().then(() => {
          this.commitGroup();
          this.writerLock.release();
        });
      }
    });
  }

  private commitGroup(): void {
    const group = this.group;
    this.group = [];
    if (!this.outerOpen) {
      for (const unit of group) unit.resolve();
      return;
    }
    try {
      this.writer.exec('commit');
      this.outerOpen = false;
      this.commits.committed();
      for (const unit of group) unit.resolve();
    } catch (error) {
      if (this.writer.inTransaction) this.writer.exec('rollback');
      this.outerOpen = false;
      for (const unit of group) unit.reject(error);
    }
  }
}

/** What Kysely calls a connection: one caller's view, either in a unit on the writer or not. */
class Session implements DatabaseConnection {
  private inUnit = false;

  constructor(private readonly driver: GroupCommitDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inUnit) return this.driver.runInUnit<R>(query);
    if (/^\s*pragma\b/i.test(query.sql)) return this.driver.runOutsideUnits<R>(query);
    const read = this.driver.read<R>(query);
    if (read) return read;
    // A write outside a transaction is a unit of its own.
    await this.begin();
    let result: QueryResult<R>;
    try {
      result = this.driver.runInUnit<R>(query);
    } catch (error) {
      this.rollback();
      throw error;
    }
    await this.commit();
    return result;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on SQLite');
  }

  async begin(): Promise<void> {
    await this.driver.beginUnit();
    this.inUnit = true;
  }

  commit(): Promise<void> {
    this.inUnit = false;
    return this.driver.endUnit();
  }

  /** Also called by Kysely after a failed commit, when the unit has already ended. */
  rollback(): void {
    if (!this.inUnit) return;
    this.inUnit = false;
    this.driver.abortUnit();
  }
}

/** A FIFO mutex. */
class Lock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  get busy(): boolean {
    return this.held || this.waiting.length > 0;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}
