/**
 * Object keys: `<shop_id>/<Y>/<M>/<D>/<name>` (spec endpoints.md §E2, no zero padding).
 * Only a conservative character set is accepted, and no `.`/`..` segment, so a key can
 * never leave its folder on disk nor look like something else in a URL.
 */
const KEY_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
export const MAX_KEY_LENGTH = 512;

export function isSafeKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) return false;
  return key.split('/').every((segment) => segment !== '.' && segment !== '..');
}

/** The upload folder of a shop for the day of `now` (UTC). */
export function uploadDir(shopId: number, now: number): string {
  const d = new Date(now);
  return `${shopId}/${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()}/`;
}

/** The shop that owns a key (its first segment). */
export function shopIdOfKey(key: string): number | null {
  const m = /^([1-9][0-9]{0,15})\//.exec(key);
  return m ? Number(m[1]) : null;
}

/** Resized variants are stored beside the original; `!` never occurs in an uploaded key. */
export const variantKey = (key: string, style: string): string => `${key}!${style}`;

/** The key of one of our media URLs, or null for any other URL. Query strings (styles) are ignored. */
export function keyOfMediaUrl(url: string, mediaBaseUrl: string): string | null {
  const prefix = `${mediaBaseUrl}/`;
  if (!url.startsWith(prefix)) return null;
  const key = decodeURIComponent(url.slice(prefix.length).split(/[?#]/)[0] ?? '');
  return isSafeKey(key) ? key : null;
}
