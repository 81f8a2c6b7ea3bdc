import type { TestContext } from 'node:test';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { buildTestApp, type TestApp } from './helpers.ts';
import { demoAssetRoutes, demoPageRoutes, seedDemo } from '../src/storefront/demo.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = 'test-artifacts/screenshots';

/** Debian's Chromium, headless (never a downloaded browser). */
export async function launchChromium(t: TestContext): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  return browser;
}

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
