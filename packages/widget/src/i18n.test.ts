import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fill, isRtl, messages } from './i18n.ts';

test('messages: the language of a locale, English for what it lacks and for unknown languages', () => {
  const fr = messages('fr-CA');
  assert.equal(fr.write, 'Écrire un avis');
  assert.equal(fr.rating, messages('en').rating, 'missing keys fall back to English');
  assert.deepEqual(messages('xx'), messages(undefined));
  assert.equal(messages('DE_de').close, 'Schließen');
});

test('fill replaces every placeholder and leaves unknown ones empty', () => {
  assert.equal(fill('Page {n} of {t}', { n: 2, t: 5 }), 'Page 2 of 5');
  assert.equal(fill('{n} out of 5 stars {x}', { n: 4 }), '4 out of 5 stars ');
});

test('right-to-left languages by their code, whatever the region', () => {
  assert.deepEqual(['ar', 'he-IL', 'fa_IR', 'UR', 'en', 'fr-CA', undefined].map(isRtl), [true, true, true, true, false, false, false]);
});
