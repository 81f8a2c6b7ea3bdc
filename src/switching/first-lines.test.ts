import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FirstLineTable } from './first-lines.ts';

test('the first-line table answers the first line of every repeated key across growth and colliding slots', () => {
  const table = new FirstLineTable();
  const reference = new Map<number, number>();
  // Keys sharing their low 32 bits land in the same slot: probing must tell them apart.
  const keyOf = (i: number) => (i % 3 === 0 ? (i % 1000) * 2 ** 32 + 7 : i * 2654435761 + 12345);
  for (let line = 2; line < 60_000; line++) {
    const key = keyOf(line % 20_000);
    assert.equal(table.firstOrRecord(key, line), reference.get(key), `line ${line}`);
    if (!reference.has(key)) reference.set(key, line);
  }
  assert.equal(table.size, reference.size);
  assert.equal(table.firstOrRecord(0, 5), undefined, 'key 0 is a key like any other');
  assert.equal(table.firstOrRecord(0, 9), 5);
});
