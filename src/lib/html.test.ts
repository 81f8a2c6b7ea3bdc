import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, safeUrl, attributeUrl } from './html.ts';
import { esc, url } from '../../packages/widget/src/html.ts';

test('one escaper: markup characters, backticks and bidi controls, the same for server and widget', () => {
  const hostile = `<img src=x onerror="a('1')">\`&\u202Egnp.exe`;
  assert.equal(escapeHtml(hostile), '&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt;&#96;&amp;gnp.exe');
  assert.equal(esc(hostile), escapeHtml(hostile));
  assert.equal(escapeHtml(null as never), '');
});

test('one URL sanitiser: absolute http(s) only, escaped for attributes', () => {
  for (const bad of [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,x',
    '//evil.example/x',
    '/relative',
    'https://a.example/x y',
    'https://a.example/"onload=x',
    'https://a.example/`x`',
    ' https://a.example/',
    '',
    null,
    undefined,
  ]) {
    assert.equal(safeUrl(bad), '', String(bad));
  }
  assert.equal(safeUrl('https://cdn.example/a.jpg?x=1&y=2'), 'https://cdn.example/a.jpg?x=1&y=2');
  assert.equal(attributeUrl('https://cdn.example/a.jpg?x=1&y=2'), 'https://cdn.example/a.jpg?x=1&amp;y=2');
  assert.equal(url('https://cdn.example/a.jpg?x=1&y=2'), attributeUrl('https://cdn.example/a.jpg?x=1&y=2'));
});

test('no second escaper or URL sanitiser appears in the sources', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('testkit')) files.push(path);
    }
  };
  walk('src');
  walk('packages');
  const escapers = files.filter((f) => /['"]&amp;['"]/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(escapers, [join('packages', 'widget', 'src', 'html.ts')]);
  const sanitisers = files.filter((f) => /\^https\?:\\\/\\\/\[\^\\s"'<>/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(sanitisers, [join('packages', 'widget', 'src', 'html.ts')]);
});
