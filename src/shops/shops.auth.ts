import type { Db } from '../db/database.ts';
import type { HmacKeyResolver } from '../http/auth.ts';
import type { SecretBox } from '../lib/crypto.ts';
import { findShopCredentialsByPublicToken } from './shops.queries.ts';

/** The HMAC key lookup of the partner API (http/auth.ts): a shop's Public-Token to its private token. */
export const shopHmacKeys =
  (db: Db, secrets: SecretBox): HmacKeyResolver =>
  async (publicToken) => {
    const shop = await findShopCredentialsByPublicToken(db, publicToken);
    return shop ? { shopId: shop.id, shopDomain: shop.domain, privateToken: secrets.open(shop.private_token_sealed) } : null;
  };
