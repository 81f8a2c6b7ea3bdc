import type { TestContext } from 'node:test';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildTestApp, type TestApp } from './helpers.ts';
import { demoAssetRoutes, demoPageRoutes, seedDemo } from '../src/storefront/demo.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = 'test-artifacts/screenshots';

/** Debian's Chromium, headless (never a downloaded browser). */
export async function launchChromium(t: TestContext): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  // A browser server rather than launch(): closing Chromium now and then never finishes, and a
  // server's process can be killed, so a test never waits on it past CLOSE_WAIT_MS.
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const browser = await chromium.connect(server.wsEndpoint());
  t.after(async () => {
    let timer: NodeJS.Timeout | undefined;
    const closed = browser.close().then(() => server.close());
    const gaveUp = new Promise<'gave up'>((resolve) => (timer = setTimeout(() => resolve('gave up'), CLOSE_WAIT_MS)));
    if ((await Promise.race([closed, gaveUp])) === 'gave up') await server.kill();
    clearTimeout(timer);
  });
  return browser;
}

/** The flags every Chromium run gets (this machine's Chromium, no network of its own). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CLOSE_WAIT_MS = 15_000;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * The real app on a real socket with the demo shop seeded. The port is chosen by the system
 * first, so PUBLIC_URL (and the media upload host derived from it) names the real address.
 */
export async function startDemoServer(t: TestContext, env: Record<string, string> = {}): Promise<TestApp & { base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const testApp = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '1000', PUBLIC_URL: base, ...env } });
  await testApp.app.register(demoAssetRoutes);
  await testApp.app.register(demoPageRoutes);
  await testApp.app.listen({ port, host: '127.0.0.1' });
  await seedDemo(testApp.app, base);
  return { ...testApp, base };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations of the given impacts (default: serious and critical) on the page (inside shadow roots too), as
 * "rule: target" lines. Evaluated through the DevTools protocol, so the page's CSP does not apply.
 */
export async function axeViolations(page: Page, include?: string, impacts = ['serious', 'critical']): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (scope) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(scope ? { include: [[scope]] } : document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  }, include ?? '');
  return violations.filter((v) => impacts.includes(v.impact)).flatMap((v) => v.targets.map((target) => `${v.id}: ${target}`));
}
