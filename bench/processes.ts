import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A port the OS just handed out on 127.0.0.1 (never a fixed one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Child {
  baseUrl: string;
  /** The process id of the child itself (node runs the entry point in this process, so its CPU time is the server's). */
  pid: number;
  stop(): Promise<void>;
}

/** The server as `npm start` runs it (built first). */
export { npmStartArguments as builtServerArguments } from '../scripts/start-command.ts';

/**
 * Runs a process and waits until `readyPath` answers 200: a TypeScript entry point (through tsx),
 * or, given an array, those node arguments (see builtServerArguments).
 */
export async function startChild(entry: string | string[], env: Record<string, string>, readyPath: string): Promise<Child> {
  const port = await freePort();
  const args = typeof entry === 'string' ? ['--import', 'tsx', join(REPO_ROOT, entry)] : entry;
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(forced);
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(baseUrl + readyPath, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return { baseUrl, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${entry} was not ready within 30 s`);
}
