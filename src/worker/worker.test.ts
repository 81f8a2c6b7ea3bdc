import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWorker } from './worker.ts';
import { systemClock } from '../lib/clock.ts';

const silent = { error() {}, warn() {}, info() {}, debug() {}, trace() {}, fatal() {}, child() { return silent; }, level: 'silent', silent() {} } as never;

/** A task with an endless backlog whose rounds take `ms` each; records when each round started. */
function backlogTask(ms: number) {
  const starts: number[] = [];
  return {
    starts,
    task: {
      name: 'backlog',
      async runDue() {
        starts.push(performance.now());
        await sleep(ms);
        return 1;
      },
    },
  };
}

test('with a backlog the worker runs back to back; while the API is busy it rests 4× each round', async () => {
  const free = backlogTask(10);
  const freeWorker = createWorker({ tasks: [free.task], clock: systemClock, log: silent, apiBusy: () => false });
  freeWorker.start();
  await sleep(300);
  await freeWorker.stop();

  const shared = backlogTask(10);
  const sharedWorker = createWorker({ tasks: [shared.task], clock: systemClock, log: silent, apiBusy: () => true });
  sharedWorker.start();
  await sleep(300);
  await sharedWorker.stop();

  const gaps = shared.starts.slice(1).map((t, i) => t - shared.starts[i]!);
  assert.ok(gaps.length >= 1, 'ran more than once');
  // Each gap is the round (≥ 10 ms) plus a rest of 4× the round.
  for (const gap of gaps) assert.ok(gap >= 45, `gap ${gap.toFixed(1)} ms`);
  assert.ok(free.starts.length >= 2 * shared.starts.length, `${free.starts.length} rounds free vs ${shared.starts.length} busy`);
});
