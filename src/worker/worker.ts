import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../lib/clock.ts';

/**
 * The database is the queue: each task claims its due rows (with a lease), acts, records
 * the attempt and reschedules. Tests call `runOnce()` after moving the injected clock.
 */
export interface WorkerTask {
  name: string;
  /** Does the work that is due at `now`; returns how many items it handled. */
  runDue(now: number): Promise<number>;
}

export interface Worker {
  /** Runs every task once; returns the number of items handled per task. */
  runOnce(): Promise<Record<string, number>>;
  start(): void;
  /** Stops polling and waits for the current round to finish. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  tasks: WorkerTask[];
  clock: Clock;
  log: FastifyBaseLogger;
  intervalMs?: number;
  /**
   * True while the API is serving requests (in this process, or, for a worker process, in API
   * processes on the same database: api-activity.ts). A backlog is then worked off
   * at `busyDutyCycle` of the event loop (default 0.2: after a round that kept the loop busy for
   * N ms, rest 4×N ms), so background work never takes more than that share from shoppers and
   * partners. Time the loop spent idle during the round (waiting for the database server or a
   * receiver) took nothing from them and is not counted.
   */
  apiBusy?: () => boolean;
  busyDutyCycle?: number;
}

export function createWorker(options: WorkerOptions): Worker {
  const interval = options.intervalMs ?? 1000;
  const duty = options.busyDutyCycle ?? 0.2;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<Record<string, number>> | undefined;
  let stopped = true;

  const runOnce = async () => {
    const handled: Record<string, number> = {};
    for (const task of options.tasks) {
      try {
        handled[task.name] = await task.runDue(options.clock.now());
      } catch (error) {
        options.log.error({ err: error, task: task.name }, 'worker task failed');
        handled[task.name] = 0;
      }
    }
    return handled;
  };

  const loop = async () => {
    if (stopped) return;
    const loopBefore = performance.eventLoopUtilization();
    running = runOnce();
    const handled = await running;
    running = undefined;
    if (stopped) return;
    // A backlog: go again at once (or after a rest while the API is busy); idle: wait for the next tick.
    const backlog = Object.values(handled).some((n) => n > 0);
    const rest = backlog && options.apiBusy?.() ? performance.eventLoopUtilization(loopBefore).active * (1 / duty - 1) : 0;
    timer = setTimeout(() => void loop(), backlog ? rest : interval);
  };

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(() => void loop(), 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
