/** One HMAC signature (hash of Public-Token and Sign) seen by any API process, kept until its window ends. */
export interface HmacSignaturesTable {
  signature_key: string;
  /** Unix seconds; after this the signature's timestamp is outside the window anyway. */
  expires_at: number;
}

/**
 * A row of hmac_signatures that is not a signature: written by migration 1760 on a database in
 * use, its expires_at says until when signatures are also recorded and looked up under the key
 * earlier versions stored (src/http/replay-guard.ts). The worker's purge deletes it when it ends.
 */
export const EARLIER_KEYS_MARKER = 'earlier-signature-keys-until';
