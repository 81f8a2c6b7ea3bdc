import type { FastifyBaseLogger } from 'fastify';
import type { SendMailOptions } from 'nodemailer';
import type { Db } from '../db/database.ts';
import { languageOfReview } from './page-language.ts';
import type { WorkerTask } from '../worker/worker.ts';
import { renderLowPoolEmail, renderRewardEmail } from './reward-emails.ts';
import {
  assignCode,
  claimDueGrants,
  finishGrant,
  freeCodeCount,
  lockCodelessGrants,
  lockFreeCodes,
  ownerEmails,
  retryGrant,
  setGrantCode,
  setLowPoolWarned,
  shopsWithCodelessGrants,
  unwarnedPoolShops,
} from '../rewards/rewards.queries.ts';
import { getRewardSettings } from '../rewards/rewards.settings.ts';
import type { RewardGrantRow } from '../rewards/rewards.table.ts';

/** What the reward sender runs on (a slice of Services; the mailer is the services' one). */
export interface RewardTaskDeps {
  db: Db;
  config: { emailFrom: string };
  mailer: { send(message: SendMailOptions): Promise<void> };
  log: FastifyBaseLogger;
}

const BATCH = 100;
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

/** One round: give due rewards their codes, mail them, then warn owners of pools that run low. */
export async function runRewards(deps: RewardTaskDeps, now: number): Promise<number> {
  await assignCodes(deps.db, now);
  const grants = await claimDueGrants(deps.db, now, BATCH, LEASE_MS);
  for (const grant of grants) await sendReward(deps, grant, now);
  return grants.length + (await warnLowPools(deps, now));
}

/** Pairs rewards waiting for a code with the static code or the oldest free pool codes; without codes they keep waiting. */
async function assignCodes(db: Db, now: number): Promise<void> {
  for (const shopId of await shopsWithCodelessGrants(db)) {
    await db.transaction().execute(async (trx) => {
      const settings = await getRewardSettings(trx, shopId);
      const grants = await lockCodelessGrants(trx, shopId, BATCH);
      if (settings.code_source === 'static') {
        if (settings.static_code === '') return;
        for (const grant of grants) await setGrantCode(trx, Number(grant.id), settings.static_code, now);
        return;
      }
      const codes = await lockFreeCodes(trx, shopId, grants.length);
      for (const [i, code] of codes.entries()) {
        const grantId = Number(grants[i]!.id);
        if (await assignCode(trx, Number(code.id), grantId, now)) await setGrantCode(trx, grantId, code.code, now);
      }
    });
  }
}

async function sendReward(deps: RewardTaskDeps, grant: RewardGrantRow, now: number): Promise<void> {
  const shopId = Number(grant.shop_id);
  const shop = await deps.db.selectFrom('shops').select('name').where('id', '=', shopId).executeTakeFirst();
  const review = await deps.db
    .selectFrom('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .select(['reviews.product_id', 'reviews.order_id', 'products.title'])
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.id', '=', Number(grant.review_id))
    .executeTakeFirst();
  const settings = await getRewardSettings(deps.db, shopId);
  // The reviewer's language, as their review's pages choose it: the review's order, else the address's orders, else the shop's default.
  const language = await languageOfReview(deps.db, shopId, { order_id: review?.order_id ?? '', author_email: grant.email });
  try {
    await deps.mailer.send(
      renderRewardEmail(
        {
          shopName: shop?.name ?? '',
          fromAddress: deps.config.emailFrom,
          to: grant.email,
          productTitle: review?.product_id === '0' ? (shop?.name ?? '') : review?.title || '',
          offerText: settings.offer_text,
          code: grant.code!,
        },
        language,
      ),
    );
    await finishGrant(deps.db, Number(grant.id), 'sent', now);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn({ grant: grant.id, err: message }, 'reward email failed');
    if (grant.attempts >= MAX_ATTEMPTS) await finishGrant(deps.db, Number(grant.id), 'failed', now, message);
    else await retryGrant(deps.db, Number(grant.id), now + 60_000 * 4 ** (grant.attempts - 1), now, message);
  }
}

/** One email to the owners when a pool falls to its threshold; adding codes above it re-arms the warning. */
async function warnLowPools(deps: RewardTaskDeps, now: number): Promise<number> {
  let warned = 0;
  for (const shop of await unwarnedPoolShops(deps.db)) {
    const count = await freeCodeCount(deps.db, Number(shop.id));
    if (count > shop.low_pool_threshold) continue;
    const owners = await ownerEmails(deps.db, Number(shop.id));
    if (owners.length > 0) await deps.mailer.send(renderLowPoolEmail({ shopName: shop.name, domain: shop.domain, fromAddress: deps.config.emailFrom, to: owners, count }));
    await setLowPoolWarned(deps.db, Number(shop.id), 1);
    deps.log.info({ shop: shop.domain, count, at: now }, 'reward pool low');
    warned += 1;
  }
  return warned;
}

/** Registered in src/worker/tasks.ts. */
export const rewardTasks = (deps: RewardTaskDeps): WorkerTask[] => [{ name: 'reward-emails', runDue: (now) => runRewards(deps, now) }];
