import type { Db } from '../db/database.ts';
import { compiledOnce } from '../db/compiled.ts';
import { CommittedReadCache } from '../db/committed-read-cache.ts';
import type { NewShopRow, ShopRow } from './shops.table.ts';

const shopCredentialsQuery = compiledOnce((db, { publicToken }: { publicToken: string }) =>
  db.selectFrom('shops').select(['id', 'domain', 'private_token_sealed']).where('public_token', '=', publicToken),
);

const credentialsCache = new CommittedReadCache<Pick<ShopRow, 'id' | 'domain' | 'private_token_sealed'> | undefined>(10_000);

/** Runs on every HMAC request, hence compiled once and cached until the next commit. */
export const findShopCredentialsByPublicToken = (db: Db, publicToken: string) => credentialsCache.get(db, publicToken, async () => (await shopCredentialsQuery(db, { publicToken }))[0]);

export const findShopByDomain = (db: Db, domain: string): Promise<ShopRow | undefined> => db.selectFrom('shops').selectAll().where('domain', '=', domain).executeTakeFirst();

const shopByIdQuery = compiledOnce((db, { shopId }: { shopId: number }) => db.selectFrom('shops').selectAll().where('id', '=', shopId));

const shopByIdCache = new CommittedReadCache<Readonly<ShopRow> | undefined>(10_000);

/**
 * Read by every review write (its auto-publish setting), hence compiled once and cached until the
 * next commit; concurrent writers of one turn share one read. The row is frozen: it is shared.
 */
export const findShopById = (db: Db, shopId: number): Promise<Readonly<ShopRow> | undefined> =>
  shopByIdCache.get(db, String(shopId), async () => {
    const row = (await shopByIdQuery(db, { shopId }))[0];
    return row && Object.freeze(row);
  });

export async function insertShop(db: Db, row: NewShopRow): Promise<number> {
  const inserted = await db.insertInto('shops').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export const updateShopTokens = (db: Db, shopId: number, sealedPrivateToken: string, now: number) =>
  db.updateTable('shops').set({ private_token_sealed: sealedPrivateToken, updated_at: now }).where('id', '=', shopId).executeTakeFirst();
