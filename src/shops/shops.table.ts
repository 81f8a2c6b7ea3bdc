import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface ShopsTable {
  id: Generated<number>;
  /** e.g. `demo.myshopify.com`; unique. */
  domain: string;
  name: string;
  /** base64 of 16 random bytes; identifies the shop on HMAC calls. */
  public_token: string;
  /** The HMAC key, sealed with the server key (lib/crypto SecretBox). */
  private_token_sealed: string;
  /** 1 = reviews created without `is_published` are published. */
  auto_publish: number;
  created_at: number;
  updated_at: number;
}

export type ShopRow = Selectable<ShopsTable>;
export type NewShopRow = Insertable<ShopsTable>;
export type ShopUpdate = Updateable<ShopsTable>;
