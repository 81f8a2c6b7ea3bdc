import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWorker } from './worker.ts';
import { systemClock } from '../lib/clock.ts';

const silent = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  fatal() {},
  child() {
    return silent;
  },
  level: 'silent',
  silent() {},
} as never;

/**
 * A task with an endless backlog whose rounds take `ms` each, either keeping the event loop busy
 * (`cpu`) or waiting on I/O (a timer, like waiting for the database server); records when each round started.
 */
function backlogTask(ms: number, kind: 'cpu' | 'waiting') {
  const starts: number[] = [];
  return {
    starts,
    task: {
      name: 'backlog',
      async runDue() {
        const started = performance.now();
        starts.push(started);
        if (kind === 'waiting') await sleep(ms);
        else
          while (performance.now() - started < ms) {
            /* busy */
          }
        return 1;
      },
    },
  };
}

const gapsOf = (starts: number[]) => starts.slice(1).map((t, i) => t - starts[i]!);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function runFor(ms: number, task: ReturnType<typeof backlogTask>['task'], apiBusy: boolean) {
  const worker = createWorker({ tasks: [task], clock: systemClock, log: silent, apiBusy: () => apiBusy });
  worker.start();
  await sleep(ms);
  await worker.stop();
}

test('with a backlog the worker runs back to back; while the API is busy it rests 4× the event-loop time of each round', async () => {
  const free = backlogTask(10, 'cpu');
  await runFor(300, free.task, false);
  const shared = backlogTask(10, 'cpu');
  await runFor(300, shared.task, true);

  const gaps = gapsOf(shared.starts);
  assert.ok(gaps.length >= 1, 'ran more than once');
  // Each gap is the round (≥ 10 ms of busy loop) plus a rest of 4× that.
  for (const gap of gaps) assert.ok(gap >= 48, `gap ${gap.toFixed(1)} ms`);
  assert.ok(free.starts.length >= 2 * shared.starts.length, `${free.starts.length} rounds free vs ${shared.starts.length} busy`);
});

test('time a round spends waiting (the loop idle, free for requests) does not count towards the rest', async () => {
  const waiting = backlogTask(10, 'waiting');
  await runFor(400, waiting.task, true);
  const gaps = gapsOf(waiting.starts);
  assert.ok(gaps.length >= 5, `${gaps.length} gaps`);
  // A 10 ms wait keeps the loop busy for well under a millisecond: the next round follows almost at once.
  assert.ok(median(gaps) < 25, `median gap ${median(gaps).toFixed(1)} ms`);
});
