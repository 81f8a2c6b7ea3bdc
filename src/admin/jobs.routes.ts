import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { FilterProperties, HideReasonSchema } from './inbox.schemas.ts';
import { createJob, getJob, JOB_ACTIONS, type JobAction } from './jobs.service.ts';

const JobSchema = Type.Object({
  id: Type.String({ description: 'job id' }),
  action: Type.String({ description: 'the bulk action' }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')], { description: 'queued, running, done or failed' }),
  total: Type.Integer({ description: 'reviews selected when the job was created' }),
  processed: Type.Integer({ description: 'reviews worked so far (progress = processed / total)' }),
  changed: Type.Integer({ description: 'reviews the action actually changed' }),
  created_at: Type.String({ description: 'RFC 3339' }),
  finished_at: Type.Union([Type.String(), Type.Null()], { description: 'RFC 3339 when done or failed' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why the last batch failed (a failed batch changes nothing; after 3 in a row the job is failed)' }),
});

/** Bulk moderation as background jobs with readable progress. */
export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/shops/:shop_id/review-jobs',
    {
      schema: {
        summary: 'Start a bulk action',
        description:
          'On a selection (review_ids, 1-1000) or on every review matching an inbox filter (filter; fixed when the job is created). The worker applies it in bounded batches through the reviews service, so ratings, webhooks and the ledger stay exact.',
        tags,
        security,
        params: ShopIdParams,
        body: Body({
          action: Type.Unsafe<JobAction>({ type: 'string', enum: [...JOB_ACTIONS], description: JOB_ACTIONS.join(', ') }),
          reason: Type.Optional(HideReasonSchema),
          tag: Type.Optional(Type.String({ maxLength: 64, description: 'for action tag ("" clears)' })),
          review_ids: Type.Optional(Type.Array(Type.String({ maxLength: 20, description: 'review id' }), { maxItems: 1000, description: 'the selection' })),
          filter: Type.Optional(Type.Object(FilterProperties, { additionalProperties: false, description: 'inbox filter: all reviews matching it' })),
        }),
        response: { 202: JobSchema, ...PROBLEMS },
      },
      config: { adminRole: 'moderator' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const job = await createJob(app, admin.shopId, { merchantId: admin.merchantId, email: admin.email }, request.body as never);
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/shops/:shop_id/review-jobs/:job_id',
    {
      schema: {
        summary: "A bulk job's progress",
        description: 'Poll for the progress bar.',
        tags,
        security,
        params: Type.Object({ ...ShopIdParams.properties, job_id: Type.String({ description: 'job id' }) }),
        response: { 200: JobSchema, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => getJob(app.db, adminOf(request).shopId, request.params.job_id),
  );
};
