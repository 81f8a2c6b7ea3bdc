import { randomBytes } from 'node:crypto';
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
}

export const setupNeeded = async (db: Db): Promise<boolean> => (await countMerchants(db)) === 0;

/**
 * A fresh one-time setup token when the server has no merchant account yet (else null).
 * Only its hash is stored; earlier unused tokens stop working.
 */
export async function issueSetupToken(deps: Pick<SetupDeps, 'db' | 'clock'>): Promise<string | null> {
  if (!(await setupNeeded(deps.db))) return null;
  const token = randomBytes(24).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('admin_setup_tokens').where('used_at', 'is', null).execute();
    await trx.insertInto('admin_setup_tokens').values({ token_hash: sha256Hex(token), created_at: deps.clock.now(), used_at: null }).execute();
  });
  return token;
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
    const used = await trx
      .updateTable('admin_setup_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', sha256Hex(input.token))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw notSignedIn('the setup token is wrong or was already used (it is printed in the server log at start)', 'token');
    const shop = await createShop({ db: trx, clock: deps.clock, secrets: deps.secrets }, { domain: input.shop_domain, name: input.shop_name });
    const merchant = await createMerchant({ db: trx, clock: deps.clock }, { shopDomain: shop.domain, email: input.email, password: input.password });
    await addMembership(trx, Number(merchant.merchant_id), Number(shop.shop_id), 'owner', now);
    return { merchantId: Number(merchant.merchant_id), shop };
  });
}
