import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { envelopeOf, ok } from '../http/envelope.ts';
import { invalidArgument, notFound } from '../http/errors.ts';
import { PublicQuestionsPage } from '../questions/questions.schemas.ts';
import { askQuestion, publicQuestions, voteAnswerHelpful } from '../questions/questions.service.ts';
import { HelpfulResult } from './storefront.schemas.ts';
import { sendPublicRead, type PublicReadCache } from './public-cache.ts';
import { AnswerHelpfulBody, AskQuestionBody, AskQuestionResult, ProductQuestionsQuery } from './questions.schemas.ts';
import { productIdOf, resolveShop } from './storefront.service.ts';

const tags = ['Storefront'];
const PUBLIC = 'Public: no credentials; the shop is named by shop (domain), shop_id or public_token. CORS for any origin.';

/** The product (id wins over handle); '' for an unknown handle. */
async function requiredProduct(db: Db, shopId: number, input: { product_id?: string; product_handle?: string }): Promise<string> {
  const productId = await productIdOf(db, shopId, input);
  if (productId === null) throw invalidArgument('product_id', 'or product_handle is required');
  return productId;
}

/** The Q&A tab's public API (/api/v1/reviews/*): read a product's questions, ask one, vote an answer helpful. */
export const storefrontQuestionRoutes: FastifyPluginAsyncTypebox<{ cache: PublicReadCache; writeLimit: object }> = async (app, { cache, writeLimit }) => {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });

  app.get(
    '/get_product_questions',
    {
      schema: {
        summary: 'Published questions of a product, with their answers (storefront)',
        description:
          'Only published questions and published answers; never emails or moderation fields. Search with q, sort by most helpful or newest. ' +
          `Unknown handle: an empty list. Cached: ETag and Cache-Control max-age=60. ${PUBLIC}`,
        tags,
        querystring: ProductQuestionsQuery,
        response: { 200: envelopeOf(PublicQuestionsPage) },
      },
    },
    async (request: FastifyRequest<{ Querystring: ProductQuestionsQuery }>, reply: FastifyReply) => {
      let entry = cache.get(request.url);
      if (!entry) {
        const query = request.query;
        const shop = await resolveShop(app.db, query);
        const productId = await requiredProduct(app.db, shop.id, query);
        const data = await publicQuestions(app, shop.id, productId, {
          ...(query.q ? { search: query.q } : {}),
          sort: query.sort_by ?? 'helpful-descending',
          page: query.page ?? 1,
          limit: query.limit ?? 5,
        });
        entry = cache.set(request.url, shop.id, reply.compileSerializationSchema(PublicQuestionsPage)(data));
      }
      return sendPublicRead(request, reply, entry);
    },
  );

  app.post(
    '/ask',
    {
      schema: {
        summary: 'Ask a question about a product (storefront)',
        description:
          'Held for the store; the asker is emailed when it is answered and published. A filled honeypot (website) is dropped. ' +
          `Limits: per IP per minute, 3 questions per email per hour (code 8). ${PUBLIC}`,
        tags,
        body: AskQuestionBody,
        response: { 200: envelopeOf(AskQuestionResult) },
      },
      config: writeLimit,
    },
    async (request) => {
      const shop = await resolveShop(app.db, request.body);
      const productId = await requiredProduct(app.db, shop.id, request.body);
      if (productId === '') throw notFound('product');
      const body = request.body;
      const result = await askQuestion(app, shop.id, {
        productId,
        content: body.question,
        author: body.author,
        email: body.author_email,
        ...(body.website !== undefined ? { website: body.website } : {}),
      });
      return ok(request, result);
    },
  );

  app.post(
    '/answer_helpful',
    {
      schema: {
        summary: 'Mark an answer helpful',
        description: `One vote per visitor per answer, recognised without cookies (as review votes); a repeated vote is not counted. ${PUBLIC}`,
        tags,
        body: AnswerHelpfulBody,
        response: { 200: envelopeOf(HelpfulResult) },
      },
      config: writeLimit,
    },
    async (request) => {
      const shop = await resolveShop(app.db, request.body);
      const visitor = { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? ''), key: app.config.secretKey };
      const result = await voteAnswerHelpful(app, shop.id, request.body.answer_id, visitor);
      cache.clearShop(shop.id);
      return ok(request, result);
    },
  );

  for (const path of ['/get_product_questions', '/ask', '/answer_helpful']) {
    app.options(path, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').code(204).send(),
    );
  }
};
