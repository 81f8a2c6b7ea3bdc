/**
 * A promise that resolves once the event loop has finished its current poll phase (in the check
 * phase that follows it), shared by every caller of the same turn.
 *
 * Why: under load one poll phase delivers many requests, and Node runs each request's
 * synchronous work to its first pause before reading the next one. A partner request whose
 * every read is answered from memory (the committed-read caches) would otherwise be handled and
 * answered whole, one at a time, each response waking the client alone. Awaiting this first lets
 * the turn's requests be parsed and routed together, then checked, handled and answered together:
 * the same work in a batch, which measured at less than half the server CPU per cached
 * get_rating on SQLite (docs/benchmarks.md). PostgreSQL requests already batch this way while
 * they wait for the shared commit check. A request waits at most for the rest of the turn it
 * arrived in; on an idle server, a few microseconds.
 */
export function afterPollPhase(): Promise<void> {
  return (pending ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      pending = undefined;
      resolve();
    }),
  ));
}

let pending: Promise<void> | undefined;
