import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRequestId } from './ids.ts';

test('request ids are 32 lowercase hex characters and never repeat across pool refills', () => {
  const ids = Array.from({ length: 2000 }, newRequestId);
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
  assert.equal(new Set(ids).size, ids.length);
  // Consecutive ids share no 16-byte window (each takes fresh bytes from the pool).
  assert.notEqual(ids[0]!.slice(16), ids[1]!.slice(0, 16));
});
