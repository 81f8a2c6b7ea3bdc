import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scryptAsync = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt recommendation for passwords: N=2^17, r=8, p=1 (128 MiB per hash). */
export const PRODUCTION_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
const KEY_LENGTH = 32;
/** Room for N=2^17 (128 * N * r bytes) with headroom; old hashes with smaller N need less. */
const MAX_MEMORY = 256 * 1024 * 1024;

let current: ScryptParams = PRODUCTION_SCRYPT_PARAMS;

/**
 * Test-only: a cheaper cost so suites that create many merchants stay fast.
 * Production code never calls this; a test holds the default at PRODUCTION_SCRYPT_PARAMS.
 */
export function usePasswordCostForTests(params: ScryptParams | null): void {
  current = params ?? PRODUCTION_SCRYPT_PARAMS;
  dummyHash = null;
}

/** `scrypt$N$r$p$salt$hash` with base64url salt and hash. */
export async function hashPassword(password: string): Promise<string> {
  const params = current;
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...params, maxmem: MAX_MEMORY });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const parse = (stored: string) => {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((v) => Number.isSafeInteger(v) && v > 0)) return null;
  return { params, salt, hash };
};

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(parsed.salt, 'base64url'), expected.length, { ...parsed.params, maxmem: MAX_MEMORY });
  return timingSafeEqual(key, expected);
}

/** True when a stored hash was made with a lower cost than today's: rehash it after the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  return parsed.params.N < current.N || parsed.params.r < current.r || parsed.params.p < current.p;
}

let dummyHash: Promise<string> | null = null;
/** A hash of a random password at today's cost, compared against when the email is unknown so timing does not tell. */
export const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
