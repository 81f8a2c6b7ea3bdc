import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterPollPhase } from './turn-batch.ts';

test('afterPollPhase: callers of one turn share one promise, resolved in that turn; the next turn gets a new one', async () => {
  const first = afterPollPhase();
  assert.equal(afterPollPhase(), first);
  await first;
  const next = afterPollPhase();
  assert.notEqual(next, first);
  await next;
});

test('afterPollPhase: inside an I/O callback it resolves before the next turn (before a zero timer)', async () => {
  const order: string[] = [];
  await new Promise<void>((done) => {
    void readFile(fileURLToPath(import.meta.url)).then(() => {
      setTimeout(() => {
        order.push('timer');
        done();
      }, 0);
      void afterPollPhase().then(() => order.push('gate'));
    });
  });
  assert.deepEqual(order, ['gate', 'timer']);
});
