import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';

/** A shop's reward for reviews. Without a row the shop offers none. */
export interface RewardSettings {
  enabled: boolean;
  /** true: only reviews with a photo or video are rewarded (the review still counts as incentivized: it was offered). */
  requires_media: boolean;
  /** 'static': every rewarded reviewer gets `static_code`; 'pool': each gets one uploaded single-use code. */
  code_source: 'static' | 'pool';
  static_code: string;
  /** What the reward is, in the shop's words, e.g. "10% off your next order". Plain text. */
  offer_text: string;
  /** The owners get one warning email when the unused pool codes fall to this number. */
  low_pool_threshold: number;
}

export const DEFAULT_REWARD_SETTINGS: RewardSettings = {
  enabled: false,
  requires_media: false,
  code_source: 'pool',
  static_code: '',
  offer_text: '',
  low_pool_threshold: 10,
};

export const CODE_PATTERN = /^[\x21-\x7e]{1,64}$/;

export async function getRewardSettings(db: Db, shopId: number): Promise<RewardSettings> {
  const row = await db.selectFrom('reward_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) return { ...DEFAULT_REWARD_SETTINGS };
  return {
    enabled: row.enabled === 1,
    requires_media: row.requires_media === 1,
    code_source: row.code_source,
    static_code: row.static_code,
    offer_text: row.offer_text,
    low_pool_threshold: row.low_pool_threshold,
  };
}

/** Replaces the settings after checking them; an enabled reward needs a description and, for 'static', a code. */
export async function updateRewardSettings(deps: { db: Db; clock: Clock }, shopId: number, input: RewardSettings): Promise<RewardSettings> {
  const next = { ...input, static_code: input.static_code.trim(), offer_text: input.offer_text.trim() };
  if (next.code_source !== 'static' && next.code_source !== 'pool') throw invalidArgument('code_source', 'must be static or pool');
  if (next.static_code !== '' && !CODE_PATTERN.test(next.static_code)) throw invalidArgument('static_code', 'must be 1-64 printable characters without spaces');
  if (next.code_source === 'static' && next.enabled && next.static_code === '') throw invalidArgument('static_code', 'is required when code_source is static');
  if (next.offer_text.length > 200 || /[\r\n]/.test(next.offer_text)) throw invalidArgument('offer_text', 'must be one line of at most 200 characters');
  if (next.enabled && next.offer_text === '') throw invalidArgument('offer_text', 'is required to enable the reward (shoppers must know what it is)');
  if (!Number.isInteger(next.low_pool_threshold) || next.low_pool_threshold < 0 || next.low_pool_threshold > 100_000) {
    throw invalidArgument('low_pool_threshold', 'must be a whole number 0-100000');
  }
  const values = {
    enabled: next.enabled ? 1 : 0,
    requires_media: next.requires_media ? 1 : 0,
    code_source: next.code_source,
    static_code: next.static_code,
    offer_text: next.offer_text,
    low_pool_threshold: next.low_pool_threshold,
    updated_at: deps.clock.now(),
  };
  await deps.db
    .insertInto('reward_settings')
    .values({ shop_id: shopId, ...values, low_pool_warned: 0 })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(values))
    .execute();
  return getRewardSettings(deps.db, shopId);
}
