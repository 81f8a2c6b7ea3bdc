/** One HMAC signature (hash of Public-Token and Sign) seen by any API process, kept until its window ends. */
export interface HmacSignaturesTable {
  signature_key: string;
  /** Unix seconds; after this the signature's timestamp is outside the window anyway. */
  expires_at: number;
}
