import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual, hkdfSync } from 'node:crypto';

/** Constant-time string comparison (lengths are compared in constant time too). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

const OPENED_MEMO_SIZE = 1000;

/**
 * Envelope encryption for secrets the server must read back (shop private tokens,
 * platform client secrets). AES-256-GCM with a key derived from PLAUDIT_SECRET_KEY.
 * Format: "v1.<iv>.<tag>.<ciphertext>", each part base64url.
 */
export class SecretBox {
  private readonly key: Buffer;
  /**
   * Recently opened secrets by sealed text. Every request authenticates by opening its shop's
   * private token; a sealed value never changes meaning (rotation seals a new value with a new
   * IV), so this memo cannot serve a rotated-out token for the current sealed value.
   */
  private readonly opened = new Map<string, string>();

  constructor(serverSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, 'plaudit', 'secret-box-v1', 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open(sealed: string): string {
    const remembered = this.opened.get(sealed);
    if (remembered !== undefined) return remembered;
    const plaintext = this.decrypt(sealed);
    if (this.opened.size >= OPENED_MEMO_SIZE) this.opened.delete(this.opened.keys().next().value!);
    this.opened.set(sealed, plaintext);
    return plaintext;
  }

  private decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unreadable sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
