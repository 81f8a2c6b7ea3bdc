import type { Db } from '../db/database.ts';
import type { NewShopRow, ShopRow } from './shops.table.ts';

export const findShopCredentialsByPublicToken = (db: Db, publicToken: string) =>
  db
    .selectFrom('shops')
    .select(['id', 'domain', 'private_token_sealed'])
    .where('public_token', '=', publicToken)
    .executeTakeFirst();

export const findShopByDomain = (db: Db, domain: string): Promise<ShopRow | undefined> =>
  db.selectFrom('shops').selectAll().where('domain', '=', domain).executeTakeFirst();

export const findShopById = (db: Db, shopId: number): Promise<ShopRow | undefined> =>
  db.selectFrom('shops').selectAll().where('id', '=', shopId).executeTakeFirst();

export async function insertShop(db: Db, row: NewShopRow): Promise<number> {
  const inserted = await db.insertInto('shops').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export const updateShopTokens = (db: Db, shopId: number, sealedPrivateToken: string, now: number) =>
  db
    .updateTable('shops')
    .set({ private_token_sealed: sealedPrivateToken, updated_at: now })
    .where('id', '=', shopId)
    .executeTakeFirst();
