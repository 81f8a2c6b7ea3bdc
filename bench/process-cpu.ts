import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU times (100 on nearly every Linux). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + system) another process has used so far, read from /proc/<pid>/stat by
 * this process: nothing runs inside the server being measured. Resolution is one clock tick (10 ms).
 */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/** A process's own fields of /proc/<pid>/stat after its command name, or null when it has exited. */
function statFields(pid: string): { command: string; fields: string[] } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return { command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), fields: stat.slice(stat.lastIndexOf(')') + 2).split(' ') };
  } catch {
    return null;
  }
}

function everyProcess(): { pid: number; command: string; parent: number; cpuSeconds: number }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      const stat = statFields(pid);
      return stat ? [{ pid: Number(pid), command: stat.command, parent: Number(stat.fields[1]), cpuSeconds: (Number(stat.fields[11]) + Number(stat.fields[12])) / TICKS_PER_SECOND }] : [];
    });
}

/** CPU seconds of a process and of all its descendants alive now (a cluster's primary and workers). */
export function processTreeCpuSeconds(root: number): number {
  const processes = everyProcess();
  const inTree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of processes) {
      if (inTree.has(p.pid) || !inTree.has(p.parent)) continue;
      inTree.add(p.pid);
      grew = true;
    }
  }
  return processes.filter((p) => inTree.has(p.pid)).reduce((sum, p) => sum + p.cpuSeconds, 0);
}

/** CPU seconds of each PostgreSQL server process (postmaster, backends, WAL writer…) on this machine, by pid. */
export function postgresCpuSeconds(): Map<number, number> {
  return new Map(
    everyProcess()
      .filter((p) => p.command === 'postgres' || p.command.startsWith('postgres:'))
      .map((p) => [p.pid, p.cpuSeconds]),
  );
}

/** PostgreSQL's CPU seconds between two readings: processes that exited meanwhile are left out, new ones count whole. */
export const postgresCpuBetween = (before: Map<number, number>, after: Map<number, number>): number => [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);
