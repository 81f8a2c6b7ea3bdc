import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookCss, textOn } from './appearance.ts';

const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

test('text on an accent colour reads at WCAG AA (4.5:1) whatever the colour', () => {
  for (let grey = 0; grey < 256; grey += 1) {
    const hex = `#${grey.toString(16).padStart(2, '0').repeat(3)}`;
    const text = textOn(hex) === '#fff' ? '#ffffff' : '#000000';
    assert.ok(contrast(hex, text) >= 4.5, `${hex} with ${text}: ${contrast(hex, text).toFixed(2)}`);
  }
  for (const hex of ['#ffeb3b', '#e91e63', '#0a5', '#1f1f1f', '#fff']) assert.ok(['#fff', '#000'].includes(textOn(hex)));
  assert.equal(textOn('#ffeb3b'), '#000');
  assert.equal(textOn('#1f1f1f'), '#fff');
});

test('lookCss: only valid colours reach the style sheet; the default look adds nothing', () => {
  assert.equal(lookCss({ star_color: '#f5a623', accent_color: null }, false), '');
  assert.equal(lookCss({ star_color: 'red;}*{x:y', accent_color: '#12' }, false), '');
  assert.equal(lookCss({ star_color: '#abc', accent_color: '#000000' }, false), ':host,:host([data-theme]){--plaudit-star:#abc;--plaudit-accent:#000000;--plaudit-accent-text:#fff;}');
  assert.match(lookCss({ star_color: '#f5a623', accent_color: null }, true), /^:host\{font-size:13px\}/);
});
