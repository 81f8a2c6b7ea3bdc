import { createHmac, hkdfSync, createHash } from 'node:crypto';
import { safeEqual } from '../lib/crypto.ts';
import { isSafeKey, uploadDir } from './media.keys.ts';
import { OssError, invalidArgument, policyDenied } from './media.oss.ts';

/** Upload credentials are valid for 15 minutes (spec endpoints.md §E2 PROPOSAL). */
export const POLICY_TTL_MS = 15 * 60 * 1000;

export interface ImageUploadCredentials {
  access_id: string;
  host: string;
  expire: string;
  signature: string;
  policy: string;
  dir: string;
  callback: string;
}

/** The storage key pair of the built-in receiver, derived from the server key. */
export class PolicySigner {
  readonly accessId: string;
  private readonly secret: Buffer;

  constructor(serverSecret: string) {
    this.secret = Buffer.from(hkdfSync('sha256', serverSecret, 'plaudit', 'media-post-policy-v1', 32));
    this.accessId = `PLD${createHash('sha256').update(this.secret).digest('hex').slice(0, 21).toUpperCase()}`;
  }

  /** OSS PostObject signature: base64(HMAC-SHA1(secret, base64 policy)). */
  sign(policyBase64: string): string {
    return createHmac('sha1', this.secret).update(policyBase64).digest('base64');
  }
}

/** The `callback` we issue: Plaudit is its own callback target (the receiver records the upload itself). */
export function callbackFor(mediaBaseUrl: string): string {
  const callback = {
    callbackUrl: mediaBaseUrl,
    callbackBody: 'filename=${object}&size=${size}&mimeType=${mimeType}&height=${imageInfo.height}&width=${imageInfo.width}',
    callbackBodyType: 'application/x-www-form-urlencoded',
  };
  return Buffer.from(JSON.stringify(callback)).toString('base64');
}

export function issueCredentials(signer: PolicySigner, options: { shopId: number; now: number; mediaBaseUrl: string; maxBytes: number }): ImageUploadCredentials {
  const dir = uploadDir(options.shopId, options.now);
  const expiresAt = options.now + POLICY_TTL_MS;
  const document = {
    expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    conditions: [
      ['starts-with', '$key', dir],
      ['content-length-range', 1, options.maxBytes],
    ],
  };
  const policy = Buffer.from(JSON.stringify(document)).toString('base64');
  return {
    access_id: signer.accessId,
    host: options.mediaBaseUrl,
    expire: String(Math.floor(expiresAt / 1000)),
    signature: signer.sign(policy),
    policy,
    dir,
    callback: callbackFor(options.mediaBaseUrl),
  };
}

export interface AcceptedPost {
  key: string;
  dir: string;
  maxBytes: number;
  /** Whether the form asked for the callback (200 with JSON) rather than the bare 204. */
  withCallback: boolean;
}

/** Checks the PostObject form fields the way OSS does, before a byte of the file is kept. */
export function verifyPostForm(signer: PolicySigner, fields: Record<string, string>, options: { now: number; mediaBaseUrl: string; maxBytes: number }): AcceptedPost {
  const field = (name: string) => fields[name] ?? fields[name.toLowerCase()];
  const accessId = field('OSSAccessKeyId');
  const policy = field('policy');
  const signature = field('Signature');
  const key = field('key');
  if (!accessId || !policy || !signature) throw invalidArgument('The form must carry OSSAccessKeyId, policy and Signature.');
  if (key === undefined || key === '') throw invalidArgument('The form must carry a key.');
  if (!safeEqual(accessId, signer.accessId)) {
    throw new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
  }
  if (!safeEqual(signature, signer.sign(policy))) {
    throw new OssError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  const document = decodePolicy(policy);
  const expiration = Date.parse(String(document.expiration ?? ''));
  if (!Number.isFinite(expiration) || expiration <= options.now) throw policyDenied('Policy expired.');
  if (!isSafeKey(key)) {
    throw new OssError(400, 'InvalidObjectName', 'The key must be a relative path of letters, digits, "-", "_" and "." without "." or ".." segments.');
  }
  const conditions = Array.isArray(document.conditions) ? document.conditions : [];
  const startsWith = conditions.find((c): c is [string, string, string] => Array.isArray(c) && c[0] === 'starts-with' && c[1] === '$key');
  if (!startsWith) throw policyDenied('Policy has no key condition.');
  const dir = String(startsWith[2]);
  if (!key.startsWith(dir) || key.length === dir.length) {
    throw policyDenied(`Policy Condition failed: ["starts-with", "$key", "${dir}"]`);
  }
  const range = conditions.find((c): c is [string, number, number] => Array.isArray(c) && c[0] === 'content-length-range');
  const maxBytes = Math.min(options.maxBytes, range ? Number(range[2]) : options.maxBytes);
  const callback = field('callback');
  if (callback !== undefined && callback !== '' && callback !== callbackFor(options.mediaBaseUrl)) {
    throw invalidArgument('The callback must be the one issued with the upload credentials.');
  }
  return { key, dir, maxBytes, withCallback: callback !== undefined && callback !== '' };
}

function decodePolicy(policy: string): { expiration?: unknown; conditions?: unknown } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
    if (parsed && typeof parsed === 'object') return parsed as { expiration?: unknown; conditions?: unknown };
  } catch {
    // fall through
  }
  throw invalidArgument('The policy is not base64-encoded JSON.');
}
