import { randomBytes } from 'node:crypto';

/** 16 random bytes, lowercase hex: the envelope's `request_id`. */
export const newRequestId = (): string => randomBytes(16).toString('hex');

/** Shop public token: base64 of 16 random bytes (24 chars), as in the spec's examples. */
export const newPublicToken = (): string => randomBytes(16).toString('base64');

/** Shop private token (the HMAC key): 32 random bytes, URL-safe base64. */
export const newPrivateToken = (): string => randomBytes(32).toString('base64url');

/** Entity ids travel as decimal strings; the database may hand back numbers or bigints. */
export const idString = (id: number | string | bigint): string => String(id);
