import { randomBytes } from 'node:crypto';

const ID_BYTES = 16;
const POOL_BYTES = ID_BYTES * 256;
let pool = Buffer.alloc(0);
let poolOffset = POOL_BYTES;

/** 16 random bytes, lowercase hex: the envelope's `request_id`. Drawn from a refilled pool: one CSPRNG call per 256 ids. */
export function newRequestId(): string {
  if (poolOffset >= POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const id = pool.toString('hex', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return id;
}

/** Shop public token: base64 of 16 random bytes (24 chars), as in the spec's examples. */
export const newPublicToken = (): string => randomBytes(16).toString('base64');

/** Shop private token (the HMAC key): 32 random bytes, URL-safe base64. */
export const newPrivateToken = (): string => randomBytes(32).toString('base64url');

/** Entity ids travel as decimal strings; the database may hand back numbers or bigints. */
export const idString = (id: number | string | bigint): string => String(id);
