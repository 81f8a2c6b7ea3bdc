import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretBox } from '../lib/crypto.ts';
import { createMerchant } from '../merchants/merchants.service.ts';
import { createShop, normaliseDomain } from '../shops/shops.service.ts';
import { badInput, conflict, notSignedIn } from './admin.problems.ts';
import { addMembership, countMerchants } from './memberships.queries.ts';
import { sha256Hex } from './sessions.service.ts';

export interface SetupDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  secretKey: string;
}

export const setupNeeded = async (db: Db): Promise<boolean> => (await countMerchants(db)) === 0;

/** A setup token works for a day after it was printed (and only until the first account exists). */
export const SETUP_TOKEN_TTL_MS = 24 * 3600 * 1000;

const setupSignature = (secretKey: string, payload: string) => createHmac('sha256', `plaudit-setup:${secretKey}`).update(payload).digest('base64url');

/**
 * A fresh setup token when the server has no merchant account yet (else null): the issue time
 * and random bytes, signed with the server key. Nothing is stored, so every API process sharing
 * the key accepts it; the first successful setup makes every token useless (an account exists).
 */
export async function issueSetupToken(deps: { db: Db; clock: Clock; secretKey: string }): Promise<string | null> {
  if (!(await setupNeeded(deps.db))) return null;
  const payload = `${deps.clock.now().toString(36)}.${randomBytes(12).toString('base64url')}`;
  return `${payload}.${setupSignature(deps.secretKey, payload)}`;
}

function checkSetupToken(secretKey: string, token: string, now: number): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const payload = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(setupSignature(secretKey, payload));
  const sent = Buffer.from(parts[2]!);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return false;
  const issuedAt = parseInt(parts[0]!, 36);
  return Number.isFinite(issuedAt) && issuedAt <= now && now - issuedAt < SETUP_TOKEN_TTL_MS;
}

export interface SetupInput {
  token: string;
  email: string;
  password: string;
  shop_domain: string;
  shop_name?: string;
}

/** Uses the setup token once: creates the first shop and its owner in one transaction. */
export async function completeSetup(deps: SetupDeps, input: SetupInput) {
  try {
    normaliseDomain(input.shop_domain);
  } catch {
    throw badInput('shop_domain', 'must be a host name such as demo.myshopify.com');
  }
  return deps.db.transaction().execute(async (trx) => {
    if ((await countMerchants(trx)) > 0) throw conflict('setup is already done: sign in instead');
    const now = deps.clock.now();
    if (!checkSetupToken(deps.secretKey, input.token, now)) {
      throw notSignedIn('the setup token is wrong or older than a day (the server prints a fresh one in its log at every start)', 'token');
    }
    // Kept as a record of the setup; the unique hash also refuses a replay racing this one.
    await trx
      .insertInto('admin_setup_tokens')
      .values({ token_hash: sha256Hex(input.token), created_at: now, used_at: now })
      .execute();
    const shop = await createShop({ db: trx, clock: deps.clock, secrets: deps.secrets }, { domain: input.shop_domain, name: input.shop_name });
    const merchant = await createMerchant({ db: trx, clock: deps.clock }, { shopDomain: shop.domain, email: input.email, password: input.password });
    await addMembership(trx, Number(merchant.merchant_id), Number(shop.shop_id), 'owner', now);
    return { merchantId: Number(merchant.merchant_id), shop };
  });
}
