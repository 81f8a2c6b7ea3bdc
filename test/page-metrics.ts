import { mkdirSync } from 'node:fs';
import type { TestContext } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_SHOP } from '../src/storefront/demo.ts';
import { launchChromium, SCREENSHOT_DIR, startDemoServer } from './browser.ts';

/** Loads the demo page and returns its cumulative layout shift, long tasks and main-thread metrics. */
async function measureOnce(browser: Browser, url: string, viewport: { width: number; height: number }, screenshot: string) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __longTasks: number; __shifted: string[] };
    w.__cls = 0;
    w.__longTasks = 0;
    w.__shifted = [];
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: Array<{ node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }> };
    const describe = (node?: Node) => (node instanceof Element ? `${node.localName}${node.className ? `.${String(node.className).split(' ')[0]}` : ''}` : (node?.nodeName ?? '?'));
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Shift[]) {
        if (entry.hadRecentInput) continue;
        w.__cls += entry.value;
        for (const s of entry.sources)
          w.__shifted.push(
            `${describe(s.node)} at ${Math.round(entry.startTime)} ms: y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)}, h ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`,
          );
      }
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks += entry.duration;
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => [...document.querySelectorAll('.trustoo-widget')].every((el) => el.shadowRoot?.querySelector('section, a, span, div')));
  // Two frames so the last render has been laid out and observed.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => Math.round((metrics.find((m) => m.name === name)?.value ?? 0) * 1000 * 10) / 10;
  const result = await page.evaluate(() => {
    const w = window as unknown as { __cls: number; __longTasks: number; __shifted: string[] };
    return { cls: w.__cls, longTasksMs: w.__longTasks, shifted: w.__shifted };
  });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${screenshot}.png`, fullPage: true });
  await context.close();
  return { ...result, scriptMs: metric('ScriptDuration'), styleMs: metric('RecalcStyleDuration'), layoutMs: metric('LayoutDuration') };
}

type Measurement = Awaited<ReturnType<typeof measureOnce>>;

/**
 * Five loads after one warm-up. Layout shift: the worst load. Times: the median is reported, and
 * the budget is checked on the fastest load, since on a machine shared with other work, noise
 * only ever adds time (the intrinsic cost is what the fastest load shows).
 */
export async function measurePage(browser: Browser, url: string, viewport: { width: number; height: number }, screenshot: string) {
  await measureOnce(browser, url, viewport, screenshot);
  const runs: Measurement[] = [];
  for (let i = 0; i < 5; i++) runs.push(await measureOnce(browser, url, viewport, screenshot));
  type Timing = Exclude<keyof Measurement, 'shifted'>;
  const sorted = (key: Timing) => runs.map((r) => r[key]).sort((a, b) => a - b);
  const median = (key: Timing) => sorted(key)[2]!;
  return {
    cls: Math.max(...runs.map((r) => r.cls)),
    longTasksMs: median('longTasksMs'),
    scriptMs: median('scriptMs'),
    fastestScriptMs: sorted('scriptMs')[0]!,
    styleMs: median('styleMs'),
    layoutMs: median('layoutMs'),
    shifted: runs.flatMap((r) => r.shifted),
  };
}

/**
 * The demo product page measured on a desktop and a mobile viewport, server-rendered (`fragment`)
 * and script-only (`script`), on a demo server and a Chromium started for the test.
 */
export async function measureDemoPage(t: TestContext) {
  const { base } = await startDemoServer(t);
  const browser = await launchChromium(t);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const demo = `${base}/s/${DEMO_SHOP}/demo/linen-shirt`;
  const viewports = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } };
  const measured = [];
  for (const [name, viewport] of Object.entries(viewports)) {
    const fragment = await measurePage(browser, demo, viewport, `demo-${name}`);
    const script = await measurePage(browser, `${demo}?embed=script`, viewport, `demo-${name}-script-only`);
    measured.push({ name, fragment, script });
  }
  return measured;
}
