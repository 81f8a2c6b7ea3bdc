// Helpers of the console's browser tests: the built server as `npm start` runs it, on a real
// database, with its log read for the setup token; axe-core scans and screenshots of each page.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { npmStartArguments } from '../scripts/start-command.ts';
import { buildConsole } from '../packages/console/build.ts';
import { openTestDatabase, TEST_SECRET_KEY } from './helpers.ts';

export const CONSOLE_SCREENSHOTS = 'test-artifacts/console';
export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface RunningServer {
  base: string;
  /** Everything the server logged so far. */
  log: () => string;
}

/** Builds the console and the server as `npm start` does and runs it on a fresh database. */
export async function startBuiltServer(t: TestContext, env: Record<string, string> = {}): Promise<RunningServer> {
  await buildConsole();
  const { databaseUrl } = await openTestDatabase(t);
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-console-browser-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, npmStartArguments(), {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PLAUDIT_SECRET_KEY: TEST_SECRET_KEY,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      LOG_LEVEL: 'info',
      API_RATE_PER_SECOND: '0',
      STOREFRONT_SUBMIT_PER_MINUTE: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Server listening at')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { base, log: () => output };
}

/** The setup token the server printed once in its log at start (a field of the line, or the end of its message). */
export function setupTokenFrom(log: string): string {
  for (const line of log.split('\n')) {
    if (!line.includes('first-run setup')) continue;
    const entry = JSON.parse(line) as { setup_token?: string; msg?: string };
    const token = entry.setup_token ?? /setup token (\S+)/.exec(entry.msg ?? '')?.[1];
    if (token) return token;
  }
  throw new Error(`no setup token in the log:\n${log}`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core in the page (evaluated through the DevTools protocol, so the page's CSP still forbids inline scripts): no serious or critical violation. */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // The storefront widget inside the console's live preview is scanned by the storefront's own
    // browser tests (every widget type, themes and RTL), not counted against the console.
    const context = { exclude: [['.trustoo-widget']] };
    const result = await (
      window as unknown as {
        axe: {
          run: (context: object, options: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; html: string; failureSummary?: string }[] }[] }>;
        };
      }
    ).axe.run(context, {
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} (${v.nodes
            .slice(0, 3)
            .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)} ${n.failureSummary ?? ''}`)
            .join(' | ')})`,
      );
  });
  assert.deepEqual(violations, [], `${where}: accessibility violations`);
}

/** A screenshot at desktop and phone widths, for people to look at (test-artifacts/console/). */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  mkdirSync(CONSOLE_SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** Scans and photographs the page at both widths (the phone layout gets its own scan). */
export async function inspectPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await assertAccessible(page, `${name} (desktop)`);
  await screenshotBoth(page, name);
  await page.setViewportSize(VIEWPORTS.phone);
  await assertAccessible(page, `${name} (phone)`);
  await page.setViewportSize(VIEWPORTS.desktop);
}

/** Fails the test on any script error or CSP violation the page reports. */
export function watchForPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) errors.push(`CSP: ${message.text()}`);
  });
  return errors;
}
