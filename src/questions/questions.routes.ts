import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { PARTNER_SECURITY } from '../http/openapi.ts';
import { AnswerQuestionBody, GetQuestionQuery, GetQuestionsQuery, InviteBuyersBody, InviteBuyersResult, ModerateQuestionBody, Question, QuestionList } from './questions.schemas.ts';
import { answerQuestion, getQuestion, inviteBuyers, listQuestions, questionIdFrom, setVisibility } from './questions.service.ts';

const tags = ['Questions'];
const read = { auth: 'partner', scope: 'read_questions' } as const;
const write = { auth: 'partner', scope: 'write_questions' } as const;

/** Product Q&A for partners: Plaudit extension endpoints in the Trustoo envelope (docs/questions.md). */
export const questionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/get_questions',
    {
      schema: {
        summary: 'List product questions',
        description: "Pages through the shop's questions (every status), newest first by default, each with all its answers. Scope read_questions.",
        tags,
        security: PARTNER_SECURITY,
        querystring: GetQuestionsQuery,
        response: { 200: envelopeOf(QuestionList) },
      },
      config: read,
    },
    async (request) => ok(request, await listQuestions(app, request.auth.shopId, request.query)),
  );

  app.get(
    '/get_question',
    {
      schema: {
        summary: 'Get one question',
        description: "The question with all its answers. Another shop's question: code 5. Scope read_questions.",
        tags,
        security: PARTNER_SECURITY,
        querystring: GetQuestionQuery,
        response: { 200: envelopeOf(Question) },
      },
      config: read,
    },
    async (request) => ok(request, await getQuestion(app, request.auth.shopId, questionIdFrom(request.query.id))),
  );

  app.post(
    '/answer_question',
    {
      schema: {
        summary: 'Answer a question as the store',
        description:
          'Adds a published store answer. A held question is published with it when the shop auto-publishes answered questions. ' +
          'When the question is published the asker is emailed the answer (unless unsubscribed). Webhook question/answered. Scope write_questions.',
        tags,
        security: PARTNER_SECURITY,
        body: AnswerQuestionBody,
        response: { 200: envelopeOf(Question) },
      },
      config: write,
    },
    async (request) => ok(request, await answerQuestion(app, request.auth.shopId, request.body)),
  );

  app.post(
    '/publish_question',
    {
      schema: {
        summary: 'Publish a question (or one of its answers)',
        description: 'Shows the question on the storefront, or with answer_id shows that answer again. The asker is emailed answers not sent yet. Scope write_questions.',
        tags,
        security: PARTNER_SECURITY,
        body: ModerateQuestionBody,
        response: { 200: envelopeOf(Question) },
      },
      config: write,
    },
    async (request) => ok(request, await setVisibility(app, request.auth.shopId, request.body, true)),
  );

  app.post(
    '/hide_question',
    {
      schema: {
        summary: 'Hide a question (or one of its answers)',
        description: 'Takes the question (or with answer_id that answer) off the storefront; it is kept. Scope write_questions.',
        tags,
        security: PARTNER_SECURITY,
        body: ModerateQuestionBody,
        response: { 200: envelopeOf(Question) },
      },
      config: write,
    },
    async (request) => ok(request, await setVisibility(app, request.auth.shopId, request.body, false)),
  );

  app.post(
    '/invite_question_answerers',
    {
      schema: {
        summary: 'Invite verified buyers to answer a question',
        description:
          'Emails up to max recent buyers of the product (fulfilled orders; not the asker; not unsubscribed from question_notification) a link ' +
          'to answer; their answers are marked verified_buyer. Each buyer is invited once per question. Hidden question: code 3. Scope write_questions.',
        tags,
        security: PARTNER_SECURITY,
        body: InviteBuyersBody,
        response: { 200: envelopeOf(InviteBuyersResult) },
      },
      config: write,
    },
    async (request) => ok(request, await inviteBuyers(app, request.auth.shopId, request.body)),
  );
};
