import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import { collectionMethodOf, reviewUrlOf, type FeedContext } from './feed.xml.ts';
import type { FeedReviewRow } from './feed.queries.ts';
import { element, xmlEscape, xsDateTime } from './xml.ts';

test('xmlEscape escapes markup and removes what XML 1.0 forbids (C0 controls, U+FFFE/U+FFFF, lone surrogates)', () => {
  assert.equal(xmlEscape('a & b < c > d " e \' f'), 'a &amp; b &lt; c &gt; d &quot; e &apos; f');
  assert.equal(xmlEscape('x\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFFy'), 'xy');
  assert.equal(xmlEscape('tab\there\nline\rcr'), 'tab\there\nline\rcr', 'tab, LF and CR are allowed');
  assert.equal(xmlEscape('lone \uD800 high, lone \uDC00 low, pair 👍'), 'lone  high, lone  low, pair 👍');
  assert.equal(XMLValidator.validate(`<a>${xmlEscape('&<>"\'\u0001]]>')}</a>`), true);
  assert.equal(element('name', 'A & B', ' is_anonymous="true"'), '<name is_anonymous="true">A &amp; B</name>');
});

test('dates are xs:dateTime in UTC; collection method and review_url type follow the review', () => {
  assert.equal(xsDateTime(Date.UTC(2025, 5, 20, 11, 6, 48, 123)), '2025-06-20T11:06:48Z');
  assert.equal(collectionMethodOf('Email request'), 'post_fulfillment');
  for (const source of ['Shop', 'Store front', 'CSV uploaded', 'Amazon']) assert.equal(collectionMethodOf(source), 'unsolicited');
  const context: FeedContext = { shopDomain: 'a.example', shopName: 'A', publicUrl: 'https://r.example', singleReviewPages: true };
  const review = { id: 9, product_url: 'https://a.example/p/x', product_handle: 'x' } as FeedReviewRow;
  assert.deepEqual(reviewUrlOf(context, review), { type: 'singleton', url: 'https://r.example/s/a.example/reviews/9' });
  assert.deepEqual(reviewUrlOf({ ...context, singleReviewPages: false }, review), { type: 'group', url: 'https://a.example/p/x#plaudit-review-9' });
});
