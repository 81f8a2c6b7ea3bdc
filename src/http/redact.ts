/**
 * Capabilities carried in URLs (whoever holds the URL may act), kept out of log lines: query keys
 * whatever their encoding or bracket form, and path segments of token routes.
 */
const SECRET_QUERY_KEYS = new Set([
  't', // signed email links (/r/open, /r/click, /r/review, /r/unsubscribe)
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'code',
  'code_verifier',
  'state',
  'sign',
  'signature',
  'password',
  'private_token',
]);

/** Routes whose path holds a capability: the segment after the prefix is replaced. */
const SECRET_PATH_PREFIXES = ['/media-uploads/', '/feeds/'];

const REDACTED = '[redacted]';

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  return redactPath(path) + (q === -1 ? '' : `?${redactQueryString(query)}`);
}

function redactPath(path: string): string {
  for (const prefix of SECRET_PATH_PREFIXES) {
    const at = path.toLowerCase().indexOf(prefix);
    if (at !== -1) return path.slice(0, at + prefix.length) + REDACTED;
  }
  return path;
}

function redactQueryString(query: string): string {
  return query
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      return SECRET_QUERY_KEYS.has(keyName(name)) ? `${name}=${REDACTED}` : part;
    })
    .join('&');
}

/** The key as the server reads it: decoded, lower-cased, without `[]` or `[0]`. */
function keyName(raw: string): string {
  let name = raw.replace(/\+/g, ' ');
  try {
    name = decodeURIComponent(name);
  } catch {
    // an undecodable key is compared as sent
  }
  return name
    .trim()
    .toLowerCase()
    .replace(/\[\d*\]$/, '');
}
