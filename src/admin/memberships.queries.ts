import type { Db } from '../db/database.ts';
import type { Role } from './admin.table.ts';

export interface Membership {
  shop_id: string;
  domain: string;
  name: string;
  role: Role;
}

export async function membershipsOf(db: Db, merchantId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom('shop_memberships')
    .innerJoin('shops', 'shops.id', 'shop_memberships.shop_id')
    .select(['shops.id', 'shops.domain', 'shops.name', 'shop_memberships.role'])
    .where('shop_memberships.merchant_id', '=', merchantId)
    .orderBy('shops.domain')
    .execute();
  return rows.map((r) => ({ shop_id: String(r.id), domain: r.domain, name: r.name, role: r.role }));
}

export async function roleIn(db: Db, merchantId: number, shopId: number): Promise<Role | undefined> {
  const row = await db.selectFrom('shop_memberships').select('role').where('merchant_id', '=', merchantId).where('shop_id', '=', shopId).executeTakeFirst();
  return row?.role;
}

export async function addMembership(db: Db, merchantId: number, shopId: number, role: Role, now: number): Promise<void> {
  await db
    .insertInto('shop_memberships')
    .values({ merchant_id: merchantId, shop_id: shopId, role, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['merchant_id', 'shop_id']).doUpdateSet({ role, updated_at: now }))
    .execute();
}

export const countMerchants = async (db: Db): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('merchants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
