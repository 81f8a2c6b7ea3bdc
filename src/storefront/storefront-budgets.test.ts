import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { measureDemoPage } from '../../test/page-metrics.ts';
import { buildWidget } from '../../packages/widget/build.ts';

const SIZE_BUDGET = 12 * 1024;

test('plaudit.js stays within 12 KB gzipped', async () => {
  const file = await buildWidget();
  const raw = readFileSync(file);
  const gzipped = gzipSync(raw, { level: 9 }).length;
  console.log(`# budget: plaudit.js ${raw.length} bytes, ${gzipped} bytes gzipped (budget ${SIZE_BUDGET})`);
  assert.ok(gzipped <= SIZE_BUDGET, `${gzipped} bytes gzipped is over the ${SIZE_BUDGET} byte budget`);
});

test('the widget source type-checks with the DOM library', () => {
  // The main project has no DOM types; the widget has its own tsconfig.
  execFileSync('node_modules/.bin/tsc', ['--noEmit', '-p', 'packages/widget'], { stdio: 'pipe' });
});

// Main-thread time is a speed target: bench/widget-main-thread.ts checks it by hand (timings in CI are noise).
test('demo page in Chromium: no layout shift; screenshots', async (t) => {
  for (const { name, fragment, script } of await measureDemoPage(t)) {
    console.log(`# budget ${name}: server-rendered CLS ${fragment.cls.toFixed(4)}, script median ${fragment.scriptMs} ms (fastest ${fragment.fastestScriptMs}), long tasks ${fragment.longTasksMs} ms`);
    console.log(
      `# budget ${name}: script-only CLS ${script.cls.toFixed(4)}, script median ${script.scriptMs} ms (fastest ${script.fastestScriptMs}), style ${script.styleMs} ms, layout ${script.layoutMs} ms, long tasks ${script.longTasksMs} ms`,
    );
    assert.equal(fragment.cls, 0, `${name}: the server-rendered page must not shift; shifted: ${fragment.shifted.join('; ')}`);
    assert.ok(script.cls <= 0.01, `${name}: script-only CLS ${script.cls}; shifted: ${script.shifted.join('; ')}`);
  }
});
