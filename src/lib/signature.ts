import { createHmac } from 'node:crypto';

/**
 * The Trustoo Open API request signature (spec README §4.5), shared by the server's
 * verifier and the client. Dependency-free on purpose.
 *
 *   string to sign = sorted "key=value" query pairs plus timestamp=<Timestamp>, joined by "&",
 *                    then "|" + raw body when the body is non-empty
 *   Sign           = lowercase hex HMAC-SHA256(private token, string to sign)
 */
export type QueryPair = readonly [key: string, value: string];

const IGNORED_KEYS = new Set(['timestamp', 'sign', 'public_token']);

export function canonicalQuery(pairs: readonly QueryPair[], timestamp: string): string {
  const kept = pairs.filter(([key]) => !IGNORED_KEYS.has(key));
  kept.push(['timestamp', timestamp]);
  // Array.prototype.sort is stable: duplicate keys keep their original order.
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return kept.map(([key, value]) => `${key}=${value}`).join('&');
}

export function stringToSign(pairs: readonly QueryPair[], timestamp: string, body?: Buffer | string): Buffer {
  const query = Buffer.from(canonicalQuery(pairs, timestamp), 'utf8');
  if (body === undefined || body.length === 0) return query;
  return Buffer.concat([query, Buffer.from('|'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

export const sign = (privateToken: string, message: Buffer): string =>
  createHmac('sha256', privateToken).update(message).digest('hex');

/** Splits a raw query string into pairs; `decode` percent-decodes (with `+` as space). */
export function splitQuery(rawQuery: string, decode: boolean): QueryPair[] {
  if (rawQuery === '') return [];
  return rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      return decode ? [decodeComponent(key), decodeComponent(value)] : [key, value];
    });
}

/** Percent-decoding that never throws: malformed sequences are kept as written. */
export function decodeComponent(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
