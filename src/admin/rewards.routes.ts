import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { freeCodeCount } from '../rewards/rewards.queries.ts';
import { addRewardCodes, parseCodeFile } from '../rewards/rewards.service.ts';
import { getRewardSettings, updateRewardSettings } from '../rewards/rewards.settings.ts';
import { adminActorOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { appendLedger } from './ledger.service.ts';

const RewardSettingsBody = Body(
  {
    enabled: Type.Boolean({ description: 'offer the reward for reviews written from review-request emails' }),
    requires_media: Type.Boolean({ description: 'reward only reviews with a photo or video' }),
    code_source: Type.Union([Type.Literal('static'), Type.Literal('pool')], { description: 'static: one code for everyone; pool: one uploaded single-use code each' }),
    static_code: Type.String({ maxLength: 64, description: 'the code when code_source is static ("" = none)' }),
    offer_text: Type.String({ maxLength: 200, description: 'what the reward is, e.g. "10% off your next order" (plain text, shown to shoppers)' }),
    low_pool_threshold: Type.Integer({ minimum: 0, maximum: 100000, description: 'owners are emailed once when unused pool codes fall to this number' }),
  },
  'The reward for reviews',
);

const RewardSettingsView = Type.Object(
  {
    ...RewardSettingsBody.properties,
    unused_codes: Type.Integer({ description: 'pool codes not given to anyone yet' }),
    offering: Type.Boolean({ description: 'whether review requests promise the reward now (enabled and a code is available)' }),
  },
  { description: 'The reward for reviews and the state of its pool' },
);

const CodesResult = Type.Object(
  {
    added: Type.Integer({ description: 'new codes in the pool' }),
    skipped: Type.Integer({ description: 'codes already in the pool (used or not), not added again' }),
    available: Type.Integer({ description: 'unused codes now' }),
  },
  { description: 'Outcome of a code upload' },
);

/** Reward settings and the code pool (the CLI has the same: plaudit rewards). Every change is a ledger entry. */
export const rewardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const view = async (shopId: number) => {
    const settings = await getRewardSettings(app.db, shopId);
    const unused = await freeCodeCount(app.db, shopId);
    const available = settings.code_source === 'static' ? settings.static_code !== '' : unused > 0;
    return { ...settings, unused_codes: unused, offering: settings.enabled && available };
  };

  app.get(
    '/shops/:shop_id/settings/rewards',
    {
      schema: {
        summary: 'Reward for reviews',
        description: 'The discount offered for a review (any rating), and how many pool codes are left.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: RewardSettingsView, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => view(adminActorOf(request).shopId),
  );

  app.put(
    '/shops/:shop_id/settings/rewards',
    {
      schema: {
        summary: 'Change the reward for reviews',
        description: 'Replaces every field. Reviews written under an offer are marked incentivized.',
        tags,
        security,
        params: ShopIdParams,
        body: RewardSettingsBody,
        response: { 200: RewardSettingsView, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await getRewardSettings(trx, shopId);
        const after = await updateRewardSettings({ db: trx, clock: app.clock }, shopId, request.body);
        // The static code is a secret of sorts: the ledger says that it changed, not what it is.
        const redact = (s: typeof before) => ({ ...s, static_code: s.static_code ? '(set)' : '' });
        await appendLedger(trx, app.clock, { shopId, actor, action: 'settings.rewards', subject: 'settings:rewards', before: redact(before), after: redact(after) });
      });
      return view(shopId);
    },
  );

  app.post(
    '/shops/:shop_id/rewards/codes',
    {
      schema: {
        summary: 'Add reward codes to the pool',
        description: "Single-use codes, one per line (a CSV file's first column); codes already in the pool are skipped.",
        tags,
        security,
        params: ShopIdParams,
        body: Body({ codes: Type.String({ minLength: 1, maxLength: 900_000, description: 'the file text: one code per line (larger files: the CLI)' }) }),
        response: { 200: CodesResult, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      const result = await addRewardCodes({ db: app.db, clock: app.clock }, shopId, parseCodeFile(request.body.codes));
      await app.db.transaction().execute((trx) => appendLedger(trx, app.clock, { shopId, actor, action: 'rewards.codes_add', subject: 'rewards:codes', before: null, after: { added: result.added } }));
      return result;
    },
  );
};
