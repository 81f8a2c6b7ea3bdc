import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { alreadyExists, invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { idString } from '../lib/ids.ts';
import { requireShop } from '../shops/shops.service.ts';
import { findShopById } from '../shops/shops.queries.ts';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import type { MerchantSessionRow } from './merchants.table.ts';

/** A merchant session lasts 12 hours. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{1,63}$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function createMerchant(deps: { db: Db; clock: Clock }, input: { shopDomain: string; email: string; password: string }) {
  const shop = await requireShop(deps.db, input.shopDomain);
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw invalidArgument('email', 'is not an email address');
  if (input.password.length < 10 || input.password.length > 200) throw invalidArgument('password', 'must be 10-200 characters');
  if (await deps.db.selectFrom('merchants').select('id').where('email', '=', email).executeTakeFirst()) {
    throw alreadyExists(`merchant ${email}`);
  }
  const now = deps.clock.now();
  const row = await deps.db
    .insertInto('merchants')
    .values({ shop_id: shop.id, email, password_hash: await hashPassword(input.password), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { merchant_id: idString(row.id), email, shop_id: idString(shop.id), domain: shop.domain };
}

export const MAX_FAILED_SIGN_INS = 10;
export const LOCK_MS = 15 * 60 * 1000;

/**
 * Email and password → a new session token, or null: the same answer for an unknown email,
 * a wrong password and a locked account (10 failures in a row lock it for 15 minutes).
 * Each attempt takes its number from the database before the hash is checked (one guarded
 * UPDATE … RETURNING), so parallel guesses cannot share a stale count.
 */
export async function signIn(deps: { db: Db; clock: Clock }, email: string, password: string): Promise<{ token: string; session: MerchantSessionRow } | null> {
  const merchant = await deps.db.selectFrom('merchants').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!merchant) {
    await verifyPassword(password, await dummyPasswordHash());
    return null;
  }
  const now = deps.clock.now();
  const attempt = await deps.db
    .updateTable('merchants')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', merchant.id)
    .where('locked_until', '<=', now)
    .returning('failed_sign_ins')
    .executeTakeFirst();
  const matches = await verifyPassword(password, merchant.password_hash);
  if (!attempt) return null;
  if (!matches || attempt.failed_sign_ins > MAX_FAILED_SIGN_INS) {
    if (attempt.failed_sign_ins >= MAX_FAILED_SIGN_INS) {
      await deps.db
        .updateTable('merchants')
        .set({ failed_sign_ins: 0, locked_until: now + LOCK_MS })
        .where('id', '=', merchant.id)
        .execute();
    }
    return null;
  }
  await deps.db.updateTable('merchants').set({ failed_sign_ins: 0 }).where('id', '=', merchant.id).execute();
  if (needsRehash(merchant.password_hash)) {
    await deps.db
      .updateTable('merchants')
      .set({ password_hash: await hashPassword(password), updated_at: now })
      .where('id', '=', merchant.id)
      .where('password_hash', '=', merchant.password_hash)
      .execute();
  }
  const token = randomBytes(32).toString('base64url');
  const values = {
    token_hash: sha256(token),
    merchant_id: merchant.id,
    shop_id: merchant.shop_id,
    csrf_token: randomBytes(24).toString('base64url'),
    expires_at: now + SESSION_TTL_MS,
    created_at: now,
  };
  const inserted = await deps.db.insertInto('merchant_sessions').values(values).returning('id').executeTakeFirstOrThrow();
  return { token, session: { ...values, id: Number(inserted.id) } };
}

export interface MerchantSession {
  sessionId: number;
  merchantId: number;
  shopId: number;
  shopDomain: string;
  csrfToken: string;
}

/** The live session behind a token, or null when unknown or expired. */
export async function findSession(deps: { db: Db; clock: Clock }, token: string | undefined): Promise<MerchantSession | null> {
  if (!token || token.length > 200) return null;
  const row = await deps.db.selectFrom('merchant_sessions').selectAll().where('token_hash', '=', sha256(token)).where('expires_at', '>', deps.clock.now()).executeTakeFirst();
  if (!row) return null;
  const shop = await findShopById(deps.db, row.shop_id);
  if (!shop) return null;
  return { sessionId: row.id, merchantId: row.merchant_id, shopId: row.shop_id, shopDomain: shop.domain, csrfToken: row.csrf_token };
}

export const endSession = (db: Db, sessionId: number) => db.deleteFrom('merchant_sessions').where('id', '=', sessionId).execute();
