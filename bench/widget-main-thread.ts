// The widget's main-thread time on the demo page in real Chromium: the fastest of five loads after a
// warm-up must stay under 30 ms (noise on a shared machine only ever adds time). Run by hand:
//   npm run bench:widget
// It uses node:test only to borrow the test helpers' server and browser set-up and tear-down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureDemoPage } from '../test/page-metrics.ts';

const MAIN_THREAD_BUDGET_MS = 30;

test('widget main-thread time on the demo page', async (t) => {
  for (const { name, fragment, script } of await measureDemoPage(t)) {
    console.log(
      `${name}: server-rendered + hydration script median ${fragment.scriptMs} ms (fastest ${fragment.fastestScriptMs}); script-only median ${script.scriptMs} ms (fastest ${script.fastestScriptMs}), style ${script.styleMs} ms, layout ${script.layoutMs} ms`,
    );
    // The demo page runs no other JavaScript: all script time on it is the widget's.
    assert.ok(script.fastestScriptMs < MAIN_THREAD_BUDGET_MS, `${name}: widget script time ${script.fastestScriptMs} ms`);
    assert.ok(fragment.fastestScriptMs < MAIN_THREAD_BUDGET_MS, `${name}: hydration script time ${fragment.fastestScriptMs} ms`);
  }
});
