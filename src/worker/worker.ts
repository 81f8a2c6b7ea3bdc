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

export function createWorker(options: { tasks: WorkerTask[]; clock: Clock; log: FastifyBaseLogger; intervalMs?: number }): Worker {
  const interval = options.intervalMs ?? 1000;
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
    running = runOnce();
    const handled = await running;
    running = undefined;
    if (stopped) return;
    // Busy: go again at once; idle: wait for the next tick.
    const busy = Object.values(handled).some((n) => n > 0);
    timer = setTimeout(() => void loop(), busy ? 0 : interval);
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
