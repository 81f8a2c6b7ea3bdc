import { createHmac, hash } from 'node:crypto';

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

export function sign(privateToken: string, message: Buffer): string {
  return hmacSha256(privateToken, message).toString('hex');
}

/** HMAC-SHA256 of the concatenated parts (same result as createHmac, cheaper per call). */
export function hmacSha256(key: string, ...parts: Buffer[]): Buffer {
  if (typeof hash !== 'function') {
    const hmac = createHmac('sha256', key); // Node < 20.12
    for (const part of parts) hmac.update(part);
    return hmac.digest();
  }
  const { inner, outer } = paddedKey(key);
  return hash('sha256', Buffer.concat([outer, hash('sha256', Buffer.concat([inner, ...parts]), 'buffer')]), 'buffer');
}

const SHA256_BLOCK_BYTES = 64;
const MAX_PADDED_KEYS = 1000;
const paddedKeys = new Map<string, { inner: Buffer; outer: Buffer }>();

/**
 * HMAC (RFC 2104) as two one-shot hashes of the key's inner and outer pads: every request is
 * signed or verified, and createHmac's object setup costs more than the hashing itself.
 */
function paddedKey(key: string): { inner: Buffer; outer: Buffer } {
  let padded = paddedKeys.get(key);
  if (!padded) {
    let bytes = Buffer.from(key, 'utf8');
    if (bytes.length > SHA256_BLOCK_BYTES) bytes = hash('sha256', bytes, 'buffer');
    const block = Buffer.alloc(SHA256_BLOCK_BYTES);
    bytes.copy(block);
    padded = { inner: Buffer.from(block.map((b) => b ^ 0x36)), outer: Buffer.from(block.map((b) => b ^ 0x5c)) };
    if (paddedKeys.size >= MAX_PADDED_KEYS) paddedKeys.delete(paddedKeys.keys().next().value!);
    paddedKeys.set(key, padded);
  }
  return padded;
}

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
