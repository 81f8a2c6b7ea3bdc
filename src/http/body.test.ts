import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQueryString } from './body.ts';

test('query strings: Object.prototype names are ordinary keys, __proto__ is dropped, arrays collect', () => {
  const query = parseQueryString('constructor=1&toString=2&hasOwnProperty=3&__proto__=4&a[]=x&a[1]=y&b=1&b=2&c=%00z%2B+');
  assert.deepEqual({ ...query }, { constructor: '1', toString: '2', hasOwnProperty: '3', a: ['x', 'y'], b: ['1', '2'], c: 'z+ ' });
  assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(query)), null);
  const empty = parseQueryString('');
  assert.equal(empty.constructor, undefined);
  assert.equal(empty.toString, undefined);
  assert.equal('valueOf' in empty, false);
});
