import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * Copies SQLite's write-ahead log into the database file on a thread of its own.
 *
 * Why: SQLite checkpoints in the connection that commits, once the log passes 1,000 pages: the
 * copy and the database file's fsync then run inside a COMMIT on the event loop, and every
 * request waits for them. Under steady review writes that was about 40% of the time spent
 * committing (docs/benchmarks.md). Here a second connection, on a worker thread, checkpoints
 * (PASSIVE: never blocking the writer or readers) shortly after commits, so the writer's own
 * checkpoints, kept as a backstop at a larger log size, find little left to copy.
 *
 * It starts only once the log has grown past the size SQLite would checkpoint at, so databases
 * that see few writes (tests, the CLI) never start a thread. Durability is SQLite's own: a
 * checkpoint syncs the log before copying and the database file after, whichever thread runs it.
 */

/** Log size at which the thread starts: SQLite's default wal_autocheckpoint (1,000 pages of 4 KiB). */
const START_AT_LOG_BYTES = 1000 * 4096;
/** The writer's own checkpoint threshold once the thread runs (pages): only if the thread falls behind. */
export const WRITER_BACKSTOP_PAGES = 8000;
/** The log's size is looked at every this many commits until the thread starts. */
const LOOK_EVERY_COMMITS = 64;
/** How long the thread lets commits gather after the first one it sees, before copying. */
const PAUSE_MS = 50;
/** Checkpoints in a row while commits keep landing during the copy (each copies only what is new). */
const CATCH_UP_PASSES = 4;

/** Shared Int32 slots: the number of commits, and the stop flag. */
const COMMITS = 0;
const STOP = 1;

// Plain JavaScript run with eval: the thread needs no build step or loader, in the sources and in dist/.
const THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const SQLite = require(workerData.driverPath);
const shared = new Int32Array(workerData.shared);
const db = new SQLite(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
// -1: the first pass runs at once, for the log that made the thread start.
let seen = -1;
while (Atomics.load(shared, ${STOP}) === 0) {
  Atomics.wait(shared, ${COMMITS}, seen);
  Atomics.wait(shared, ${STOP}, 0, ${PAUSE_MS});
  for (let pass = 0; pass < ${CATCH_UP_PASSES} && Atomics.load(shared, ${STOP}) === 0; pass++) {
    seen = Atomics.load(shared, ${COMMITS});
    let result;
    try {
      result = checkpoint.get();
    } catch {
      break;
    }
    if (result.busy !== 0 || result.log === result.checkpointed || Atomics.load(shared, ${COMMITS}) === seen) break;
  }
}
db.close();
`;

export class WalCheckpointer {
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private thread: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private commitsUntilLook = LOOK_EVERY_COMMITS;

  constructor(
    private readonly path: string,
    private readonly writer: SQLite.Database,
    private readonly synchronous: string,
  ) {}

  /** Called after every commit of this process's writer. */
  committed(): void {
    if (this.thread) {
      Atomics.add(this.shared, COMMITS, 1);
      Atomics.notify(this.shared, COMMITS);
      return;
    }
    if (--this.commitsUntilLook > 0) return;
    this.commitsUntilLook = LOOK_EVERY_COMMITS;
    if (logBytes(this.path) >= START_AT_LOG_BYTES) this.start();
  }

  private start(): void {
    const thread = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { path: this.path, shared: this.shared.buffer, driverPath: createRequire(import.meta.url).resolve('better-sqlite3'), synchronous: this.synchronous },
      // Not a process of its own: it must not keep the process alive, nor be asked to load tsx.
      execArgv: [],
    });
    thread.unref();
    // A thread that fails leaves checkpoints to the writer, as SQLite does by default.
    this.exited = new Promise((resolve) => thread.once('exit', () => resolve()));
    thread.once('error', () => this.writer.open && this.writer.pragma('wal_autocheckpoint = 1000'));
    this.thread = thread;
    this.writer.pragma(`wal_autocheckpoint = ${WRITER_BACKSTOP_PAGES}`);
  }

  /** Stops the thread (it closes its connection) before the writer and reader close. */
  async close(): Promise<void> {
    if (!this.thread) return;
    // Referenced again so that the process waits for the thread to close its connection.
    this.thread.ref();
    Atomics.store(this.shared, STOP, 1);
    Atomics.notify(this.shared, COMMITS);
    Atomics.notify(this.shared, STOP);
    await this.exited;
    this.thread = null;
  }
}

function logBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
