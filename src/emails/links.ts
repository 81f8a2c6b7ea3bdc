import { createHmac, hkdfSync } from 'node:crypto';
import { safeEqual } from '../lib/crypto.ts';

/**
 * Links in review-request emails carry a signed token instead of a login: the token proves
 * which shop, order (and product, or address) it was issued for. Tokens do not expire;
 * an order that was cancelled or already reviewed is refused by the page itself. `j` is the
 * email (email_jobs.id) the link was sent in, so an open or a click counts for that email;
 * links from before request sequences have none.
 */
export type LinkClaims =
  | { p: 'open'; s: number; o: number; j?: number }
  | { p: 'review'; s: number; o: number; pr: string; j?: number }
  | { p: 'click'; s: number; o: number; u: string; j?: number }
  | { p: 'unsubscribe'; s: number; o: number; e: string; t: string; j?: number }
  | { p: 'postpone'; s: number; o: number; j?: number }
  /** A verified buyer's invitation to answer question q (src/questions). */
  | { p: 'answer'; s: number; q: number; e: string }
  /** A review's author: edit, add photos or delete review `r` until `x` (epoch ms; checked by src/reviewers). */
  | { p: 'manage'; s: number; r: number; x: number }
  /** A review's author: add a photo to review `r` until `x` (the photo request email). */
  | { p: 'photo'; s: number; r: number; x: number };

export class LinkSigner {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, 'plaudit', 'email-links-v1', 32));
  }

  sign(claims: LinkClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The claims, or null for a token that was not issued by this server for this purpose. */
  verify<P extends LinkClaims['p']>(token: string, purpose: P): Extract<LinkClaims, { p: P }> | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || token.length > 4096 || !safeEqual(this.mac(body), mac)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkClaims;
      return claims.p === purpose ? (claims as Extract<LinkClaims, { p: P }>) : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 32);
  }
}
