import type pg from 'pg';

/**
 * A version of a PostgreSQL database's committed data, for caches kept "until the next commit"
 * (CommittedReadCache) in processes that share the database.
 *
 * The version is `pg_current_snapshot()::text` (PostgreSQL ≥ 13), asked on a connection of its
 * own: `xmin:xmax:xip,…`, where xip lists the transaction ids (xids) running when the snapshot
 * was taken, all in [xmin, xmax), and xmax is one past the highest xid that had finished. Two
 * snapshots S1, then S2, have the same text only if no transaction that wrote committed between
 * them. A transaction T that writes has an xid (writing assigns one; a savepoint's write assigns
 * its top-level transaction one too), and T's commit becomes visible to snapshots at the moment
 * it leaves the proc array, which also moves latestCompletedXid past T's xid, before its client
 * is answered. If T committed between S1 and S2, either:
 * - T's xid is below S1's xmax: T was running when S1 was taken, so its xid is in S1's xip; it
 *   is in no later snapshot's xip (finished), so S2's xip list differs;
 * - T's xid is ≥ S1's xmax (it got it after S1, or just before, above every finished xid): S2's
 *   xmax, one past the highest finished xid, is > T's xid ≥ S1's xmax, so S2's xmax differs.
 * The xids are 64 bits wide (xid8), so they never wrap around to an earlier text. Read-only
 * transactions have no xid and change nothing; a write transaction still running changes nothing
 * either (its xid is ≥ xmax until it finishes), which is right since nothing of it is visible
 * yet. Aborts, other databases of the same server and autovacuum may change the text without a
 * relevant commit: a needless miss, never a stale hit.
 *
 * A version may only be trusted by a caller if its check was sent after the caller asked: only
 * then has every write acknowledged before the request began, in any process, committed before
 * the snapshot was taken. So `next()` never answers with a check already in flight: callers that
 * ask while one is in flight share the next check, sent as soon as the one in flight returns.
 * At most one check is in flight, so there is about one per round trip to the server whatever the
 * request rate. LISTEN/NOTIFY would not do: a notification arrives after the commit it reports,
 * and a request may start in between.
 *
 * The connection is opened in the background at the first call and reopened, the same way, at
 * a call after it failed or was dropped: while there is none, `next()` answers undefined and the
 * caller reads the database, so no request waits for a connection to open (or to time out
 * during an outage). A check that fails (or does not answer within the client's query_timeout)
 * rejects its callers, who read the database too, and drops the connection. `close()` ends it.
 * On PostgreSQL before 13 (no pg_current_snapshot) the first check fails and there are no more.
 */
const UNDEFINED_FUNCTION = '42883';

export class PostgresCommitVersion {
  /** Checks sent so far (tests count them). */
  checks = 0;
  /** The open connection, if any. */
  private client: pg.Client | undefined;
  private connecting = false;
  private inFlight = false;
  /** The check that callers who asked while one was in flight wait for; sent when it returns. */
  private following: { promise: Promise<string>; resolve(version: string): void; reject(error: unknown): void } | undefined;
  private closed = false;

  constructor(private readonly connect: () => pg.Client) {}

  /**
   * The version as of a check sent after this call (rejects when the check fails), or undefined
   * while there is no connection to check on (one is being opened).
   */
  next(): Promise<string> | undefined {
    if (this.following) return this.following.promise;
    if (!this.client) {
      this.open();
      return undefined;
    }
    let resolve!: (version: string) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<string>((yes, no) => ((resolve = yes), (reject = no)));
    this.following = { promise, resolve, reject };
    if (!this.inFlight) this.send();
    return promise;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private open(): void {
    if (this.connecting || this.closed) return;
    this.connecting = true;
    const client = this.connect();
    // A dropped connection emits 'error': unhandled, it would end the process. The check
    // running on it fails, and a later call opens a new connection.
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client.connect().then(
      () => {
        this.connecting = false;
        if (this.closed) void client.end().catch(() => {});
        else this.client = client;
      },
      () => {
        this.connecting = false;
        void client.end().catch(() => {});
      },
    );
  }

  private send(): void {
    const waiting = this.following!;
    this.following = undefined;
    this.inFlight = true;
    this.checks++;
    this.ask().then(
      (version) => {
        this.sent();
        waiting.resolve(version);
      },
      (error: unknown) => {
        this.sent();
        waiting.reject(error);
      },
    );
  }

  /** The check in flight has returned: whoever asked meanwhile gets a check of their own now. */
  private sent(): void {
    this.inFlight = false;
    if (this.following) this.send();
  }

  private async ask(): Promise<string> {
    const client = this.client;
    if (!client) throw new Error('no connection to check for commits on');
    try {
      const result = await client.query<[string]>({ name: 'plaudit_commit_version', text: 'select pg_current_snapshot()::text', rowMode: 'array' });
      return result.rows[0]![0];
    } catch (error) {
      // PostgreSQL before 13 has no pg_current_snapshot(): no more checks, every call reads.
      if ((error as { code?: unknown }).code === UNDEFINED_FUNCTION) this.closed = true;
      this.drop(client);
      throw error;
    }
  }

  /** Forgets a connection that failed and ends it (once: close() ends the current one itself). */
  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => {});
  }
}
