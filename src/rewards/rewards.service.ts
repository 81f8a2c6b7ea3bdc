import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { freeCodeCount, insertCodes, setLowPoolWarned } from './rewards.queries.ts';
import { CODE_PATTERN, getRewardSettings } from './rewards.settings.ts';

export interface RewardOffer {
  offer_text: string;
  requires_media: boolean;
}

/**
 * The reward a reviewer is promised right now, or null: none is enabled, or its pool is empty
 * (an empty pool promises nothing it cannot keep).
 */
export async function currentRewardOffer(db: Db, shopId: number): Promise<RewardOffer | null> {
  const settings = await getRewardSettings(db, shopId);
  if (!settings.enabled) return null;
  const available = settings.code_source === 'static' ? settings.static_code !== '' : (await freeCodeCount(db, shopId)) > 0;
  return available ? { offer_text: settings.offer_text, requires_media: settings.requires_media } : null;
}

/**
 * Records the reward of a review written under `offer`, in the review's transaction, whatever its
 * rating: it is mailed by the worker at once, or once the review has a photo or video when the
 * offer requires one.
 */
export async function grantRewardIn(trx: Db, input: { shopId: number; reviewId: number; email: string; hasMedia: boolean; offer: RewardOffer; now: number }): Promise<void> {
  const state = input.offer.requires_media && !input.hasMedia ? 'waiting_media' : 'pending';
  await trx
    .insertInto('reward_grants')
    .values({
      shop_id: input.shopId,
      review_id: input.reviewId,
      email: input.email,
      state,
      code: null,
      run_at: input.now,
      lease_until: null,
      sent_at: null,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.columns(['shop_id', 'review_id']).doNothing())
    .execute();
}

/** The review now has a photo or video: a reward that waited for one is due. Run in the media change's transaction. */
export const rewardMediaAddedIn = (trx: Db, shopId: number, reviewId: number, now: number) =>
  trx
    .updateTable('reward_grants')
    .set({ state: 'pending', run_at: now, updated_at: now })
    .where('shop_id', '=', shopId)
    .where('review_id', '=', reviewId)
    .where('state', '=', 'waiting_media')
    .execute();

const MAX_CODES_PER_FILE = 100_000;

/**
 * Codes from an uploaded file: one per line (a CSV's first column; a `code` header line, blank
 * lines and `#` comments are skipped). Every code must be 1-64 printable characters without spaces.
 */
export function parseCodeFile(text: string): string[] {
  const codes: string[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const code = line
        .split(/[,;\t]/)[0]!
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (code === '' || code.startsWith('#') || (i === 0 && code.toLowerCase() === 'code')) return;
      if (!CODE_PATTERN.test(code)) throw invalidArgument(`line ${i + 1}`, 'must hold one code of 1-64 printable characters without spaces');
      codes.push(code);
    });
  if (codes.length > MAX_CODES_PER_FILE) throw invalidArgument('file', `allows at most ${MAX_CODES_PER_FILE} codes`);
  return [...new Set(codes)];
}

/** Adds single-use codes to the shop's pool; a pool back above its threshold may warn again later. */
export async function addRewardCodes(deps: { db: Db; clock: Clock }, shopId: number, codes: string[]) {
  return deps.db.transaction().execute(async (trx) => {
    const added = await insertCodes(trx, shopId, codes, deps.clock.now());
    const available = await freeCodeCount(trx, shopId);
    const settings = await getRewardSettings(trx, shopId);
    if (available > settings.low_pool_threshold) await setLowPoolWarned(trx, shopId, 0);
    return { added, skipped: codes.length - added, available };
  });
}
