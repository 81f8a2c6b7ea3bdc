import type { Db } from '../db/database.ts';
import type { NewPlatformRow, PlatformRow, PlatformsTable } from './oauth.table.ts';
import type { Updateable } from 'kysely';

export const findPlatformByClientId = (db: Db, clientId: string): Promise<PlatformRow | undefined> => db.selectFrom('platforms').selectAll().where('client_id', '=', clientId).executeTakeFirst();

export const findPlatformById = (db: Db, platformId: number): Promise<PlatformRow | undefined> => db.selectFrom('platforms').selectAll().where('id', '=', platformId).executeTakeFirst();

export const listPlatformRows = (db: Db): Promise<PlatformRow[]> => db.selectFrom('platforms').selectAll().orderBy('id').execute();

export async function insertPlatform(db: Db, row: NewPlatformRow): Promise<number> {
  const inserted = await db.insertInto('platforms').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export const updatePlatform = (db: Db, platformId: number, changes: Updateable<PlatformsTable>) => db.updateTable('platforms').set(changes).where('id', '=', platformId).executeTakeFirst();
