// PostgreSQL's own rates on this machine, for the load benchmark to print next to Plaudit's:
// `pgbench -S` (point reads) and the default TPC-B-like write transaction, in a scratch database.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { adminQuery } from './bench-databases.ts';

const run = promisify(execFile);

export interface PgbenchRates {
  selectOnlyTps: number;
  tpcbTps: number;
  clients: number;
  scale: number;
}

/** The pgbench binary on PATH, else the newest under /usr/lib/postgresql; null when there is none. */
export function findPgbench(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(`${dir}/pgbench`)) return `${dir}/pgbench`;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) if (existsSync(`${root}/${version}/bin/pgbench`)) return `${root}/${version}/bin/pgbench`;
  return null;
}

/** Initialises a scratch database at `scale`, runs both workloads for `seconds` each with `clients` clients, then drops it. */
export async function measurePgbench(pgbench: string, serverUrl: string, options: { seconds: number; clients: number; scale: number; log: (line: string) => void }): Promise<PgbenchRates> {
  const url = new URL(serverUrl);
  const name = `plaudit_pgbench_${randomBytes(4).toString('hex')}`;
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  const env = { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
  const threads = String(Math.min(options.clients, 2));
  await adminQuery(serverUrl, `create database ${name}`);
  try {
    options.log(`pgbench: initialising scale ${options.scale} in ${name}…`);
    await run(pgbench, ['-i', '-q', '-s', String(options.scale), ...connection, name], { env });
    const tps = async (extra: string[]) => {
      const { stdout } = await run(pgbench, [...extra, '-c', String(options.clients), '-j', threads, '-T', String(options.seconds), ...connection, name], { env });
      const match = /tps = ([\d.]+) \((?:without|excluding)/.exec(stdout);
      if (!match) throw new Error(`pgbench printed no tps:\n${stdout}`);
      return Number(match[1]);
    };
    const selectOnlyTps = await tps(['-S']);
    options.log(`pgbench -S: ${selectOnlyTps.toFixed(0)} tps`);
    const tpcbTps = await tps([]);
    options.log(`pgbench TPC-B-like: ${tpcbTps.toFixed(0)} tps`);
    return { selectOnlyTps, tpcbTps, clients: options.clients, scale: options.scale };
  } finally {
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  }
}
