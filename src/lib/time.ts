/** The wire's two time formats (spec README §2). All stored times are epoch milliseconds (UTC). */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS` in UTC — used for `commented_at` and `reply_at`. */
export function formatWireTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** RFC 3339 UTC with second precision, e.g. `2025-06-20T11:06:48Z`. */
export const formatRfc3339 = (ms: number): string => formatWireTime(ms).replace(' ', 'T') + 'Z';

const WIRE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** Accepts both wire formats (a time without offset is UTC); null when the text is not a real time. */
export function parseWireTime(text: string): number | null {
  const m = WIRE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Reject dates that Date.UTC silently rolled over (2025-02-30, 24:00:00).
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || d.getUTCHours() !== hour || d.getUTCMinutes() !== minute || second > 59) {
    return null;
  }
  const offset = m[7];
  if (!offset || offset === 'Z') return ms;
  const sign = offset[0] === '-' ? -1 : 1;
  const [oh, om] = offset.slice(1).split(':').map(Number) as [number, number];
  if (oh > 23 || om > 59) return null;
  return ms - sign * (oh * 60 + om) * 60_000;
}
