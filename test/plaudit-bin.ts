import { execFile } from 'node:child_process';
import { TEST_SECRET_KEY } from './helpers.ts';

export interface PlauditRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real, built `plaudit` command (its own process) against a test database. */
export function runPlaudit(databaseUrl: string, args: string[]): Promise<PlauditRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/plaudit.mjs', ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl, PLAUDIT_SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
