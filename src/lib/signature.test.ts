import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalQuery, sign, splitQuery, stringToSign, decodeComponent, hmacSha256 } from './signature.ts';

// The worked examples of spec README §4.5.
const KEY = 'pt_example_private_token_do_not_use';
const TS = '1700465771';

test('GET example: sorted query pairs plus timestamp', () => {
  const pairs = splitQuery('product_ids=9200305176832&page=1&page_size=20&sort_by=created-descending', true);
  const message = stringToSign(pairs, TS);
  assert.equal(message.toString(), 'page=1&page_size=20&product_ids=9200305176832&sort_by=created-descending&timestamp=1700465771');
  assert.equal(sign(KEY, message), 'e561380e90c804f13c723f9f8101c05d060c7f29dbbf2dfb455387fe824cdc35');
});

test('POST example: timestamp, a bar, then the raw body', () => {
  const body = '{"product_id":"9200305176832","rating":5,"author":"Jane","content":"Great fit","source":"ChatWILL"}';
  const message = stringToSign([], TS, body);
  assert.equal(message.toString(), `timestamp=1700465771|${body}`);
  assert.equal(sign(KEY, message), 'e2356037ac833ff9c6dde4670d30c75a95bfa6d67d5157cd8ad6040c757585b6');
});

test('POST with an empty body signs the timestamp alone', () => {
  assert.equal(sign(KEY, stringToSign([], TS, '')), '13107fab70fe77f22e0416cf22de27cf0bece7331828ef5c9b99a17a931de5e9');
});

test('canonical query: stable sort keeps duplicate keys in order, drops timestamp/sign/public_token, keeps empty values', () => {
  const pairs = splitQuery('b=2&a=z&a=y&timestamp=1&sign=x&public_token=p&empty=', true);
  assert.equal(canonicalQuery(pairs, '5'), 'a=z&a=y&b=2&empty=&timestamp=5');
});

test('query decoding: percent-escapes and + as space; malformed escapes survive as written', () => {
  assert.equal(decodeComponent('Great+fit%21'), 'Great fit!');
  assert.equal(decodeComponent('100%'), '100%');
  assert.equal(decodeComponent('%E4%BD%A0%ZZ'), '你%ZZ');
  assert.deepEqual(splitQuery('ratings%5B0%5D=5', true), [['ratings[0]', '5']]);
  assert.deepEqual(splitQuery('ratings%5B0%5D=5', false), [['ratings%5B0%5D', '5']]);
});

test('sign is HMAC-SHA256 for keys of every length (longer than a block: hashed first) and any message', () => {
  for (const key of ['', 'k', KEY, 'x'.repeat(64), 'y'.repeat(65), 'é'.repeat(40), 'z'.repeat(500)]) {
    for (const message of ['', 'timestamp=1', 'a=1&b=2|{"x":"é"}'.repeat(50)]) {
      const expected = createHmac('sha256', key).update(message).digest('hex');
      assert.equal(sign(key, Buffer.from(message)), expected, `key of ${key.length} characters`);
      const half = Math.floor(message.length / 2);
      assert.equal(hmacSha256(key, Buffer.from(message.slice(0, half)), Buffer.from(message.slice(half))).toString('hex'), expected, 'in two parts');
    }
  }
});
