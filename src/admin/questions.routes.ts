import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Question } from '../questions/questions.schemas.ts';
import { answerQuestion, autoPublishAnswered, inviteBuyers, listQuestions, setAutoPublishAnswered, setVisibility } from '../questions/questions.service.ts';
import { adminOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, IdParam, PROBLEMS, ShopIdParams } from './admin.schemas.ts';

const QuestionParams = Type.Object({ shop_id: ShopIdParams.properties.shop_id, id: IdParam('question id') });
const QuestionsPage = Type.Object({
  items: Type.Array(Question, { description: 'questions with every answer, newest first' }),
  page: Type.Integer({ description: 'this page, 1-based' }),
  total: Type.Integer({ description: 'matching questions' }),
  has_more: Type.Boolean({ description: 'a next page exists' }),
});
const Moderate = Type.Object({ answer_id: Type.Optional(IdParam('act on this answer of the question instead of the question')) }, { additionalProperties: false });
const Settings = Type.Object({ auto_publish_answered: Type.Boolean({ description: 'a held question is published with its first answer' }) }, { additionalProperties: false });

/** The console's Q&A page: list, answer, publish, hide, invite buyers, and the auto-publish setting. */
export const questionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const shopOf = (request: FastifyRequest) => adminOf(request).shopId;

  app.get(
    '/shops/:shop_id/questions',
    {
      schema: {
        summary: 'Product questions',
        description: 'Every status, newest first, 20 per page, each with all its answers.',
        tags,
        security,
        params: ShopIdParams,
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('published'), Type.Literal('hidden')], { description: 'only this status' })),
          unanswered: Type.Optional(Type.Boolean({ description: 'true: only questions without an answer' })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'page, 1-based' })),
        }),
        response: { 200: QuestionsPage, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => {
      const { status, unanswered, page = 1 } = request.query;
      const result = await listQuestions(app, shopOf(request), { page, page_size: 20, ...(status ? { status } : {}), ...(unanswered ? { answered: 0 as const } : {}) });
      return { items: result.list, page, total: result.page.count, has_more: page < result.page.total_page };
    },
  );

  app.post(
    '/shops/:shop_id/questions/:id/answers',
    {
      schema: {
        summary: 'Answer a question as the store',
        description: 'Published at once; the asker is emailed once the question is published.',
        tags,
        security,
        params: QuestionParams,
        body: Type.Object(
          {
            content: Type.String({ minLength: 1, maxLength: 5000, description: 'answer text' }),
            author: Type.Optional(Type.String({ maxLength: 120, description: 'display name (default: the shop name)' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Question, ...PROBLEMS },
      },
      config: { adminRole: 'moderator' },
    },
    async (request) => answerQuestion(app, shopOf(request), { id: request.params.id, ...request.body }),
  );

  for (const action of ['publish', 'hide'] as const) {
    app.post(
      `/shops/:shop_id/questions/:id/${action}`,
      {
        schema: {
          summary: action === 'publish' ? 'Publish a question (or one answer)' : 'Hide a question (or one answer)',
          description: 'With answer_id the answer is shown or hidden instead of the question.',
          tags,
          security,
          params: QuestionParams,
          body: Moderate,
          response: { 200: Question, ...PROBLEMS },
        },
        config: { adminRole: 'moderator' },
      },
      async (request) => setVisibility(app, shopOf(request), { id: request.params.id, ...request.body }, action === 'publish'),
    );
  }

  app.post(
    '/shops/:shop_id/questions/:id/invitations',
    {
      schema: {
        summary: 'Invite verified buyers to answer',
        description: 'Emails recent buyers of the product a link to answer (each buyer once per question).',
        tags,
        security,
        params: QuestionParams,
        body: Type.Object({ max: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'at most this many buyers (default 3)' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ invited: Type.Integer({ description: 'invitations queued' }) }), ...PROBLEMS },
      },
      config: { adminRole: 'moderator' },
    },
    async (request) => inviteBuyers(app, shopOf(request), { id: request.params.id, ...request.body }),
  );

  app.get(
    '/shops/:shop_id/settings/questions',
    {
      schema: { summary: 'Q&A settings', description: 'Whether answering a held question publishes it.', tags, security, params: ShopIdParams, response: { 200: Settings, ...PROBLEMS } },
      config: { adminRole: 'viewer' },
    },
    async (request) => ({ auto_publish_answered: (await autoPublishAnswered(app.db, shopOf(request))) === 1 }),
  );

  app.put(
    '/shops/:shop_id/settings/questions',
    {
      schema: { summary: 'Change the Q&A settings', description: 'Replaces every field.', tags, security, params: ShopIdParams, body: Settings, response: { 200: Settings, ...PROBLEMS } },
      config: { adminRole: 'owner' },
    },
    async (request) => {
      await setAutoPublishAnswered(app, shopOf(request), request.body.auto_publish_answered ? 1 : 0);
      return { auto_publish_answered: (await autoPublishAnswered(app.db, shopOf(request))) === 1 };
    },
  );
};
