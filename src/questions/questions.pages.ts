import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { escapeHtml as h } from '../emails/html.ts';
import { LinkSigner } from '../emails/links.ts';
import { messagePage, page } from '../emails/pages.ts';
import { acceptHtmlForms } from '../http/forms.ts';
import { useSurface } from '../http/security-headers.ts';
import { answerAsBuyer, invitationState } from './questions.service.ts';

const tags = ['Questions'];
const TokenQuery = Type.Object({ t: Type.String({ maxLength: 4096, description: 'signed link token from the invitation email' }) });
const HTML = { 200: Type.String({ description: 'text/html page' }) };

function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

const field = (body: unknown, name: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.replace(/\u0000/g, '').trim() : '';
};

function answerForm(action: string, question: string, values: { author: string; content: string }, error: string): string {
  return page(
    'en',
    'Answer a question',
    `<h1>Answer a question</h1><p>A shopper asks:</p><blockquote>${h(question)}</blockquote>` +
      (error ? `<p class="error" role="alert">${h(error)}</p>` : '') +
      `<form method="post" action="${h(action)}">` +
      `<label for="author">Your name (shown with your answer)</label><input type="text" id="author" name="author" maxlength="120" value="${h(values.author)}">` +
      `<label for="content">Your answer</label><textarea id="content" name="content" maxlength="5000" required>${h(values.content)}</textarea>` +
      '<button type="submit">Send answer</button></form>',
  );
}

/** The page an invited buyer answers on (no login: the signed link proves the address; their orders prove the purchase). */
export const questionPagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useSurface(app, 'emailPage');
  await acceptHtmlForms(app, 64 * 1024);
  const links = new LinkSigner(app.config.secretKey);
  const closed = (reply: FastifyReply) => html(reply, 410, messagePage('en', 'Question closed', 'This question can no longer be answered.'));

  app.get(
    '/q/answer',
    {
      schema: {
        summary: 'Answer form for an invited buyer',
        description: 'Shows the question and a form, when the link is valid and the address bought the product.',
        tags,
        querystring: TokenQuery,
        response: HTML,
      },
    },
    async (request, reply) => {
      const claims = links.verify(request.query.t, 'answer');
      if (!claims) return html(reply, 404, messagePage('en', 'Link not valid', 'This link is not valid. Please use the link from your email.'));
      const state = await invitationState(app, claims);
      if (state.kind === 'closed') return closed(reply);
      if (state.kind === 'done') return html(reply, 200, messagePage('en', 'Thank you', 'You have already answered this question.'));
      return html(reply, 200, answerForm(`/q/answer?t=${request.query.t}`, state.question.content, { author: '', content: '' }, ''));
    },
  );

  app.post(
    '/q/answer',
    {
      schema: {
        summary: "Submit an invited buyer's answer",
        description: 'Form post (urlencoded). Saves a published answer marked verified buyer; the asker is emailed.',
        tags,
        querystring: TokenQuery,
        response: HTML,
      },
    },
    async (request, reply) => {
      const claims = links.verify(request.query.t, 'answer');
      if (!claims) return html(reply, 404, messagePage('en', 'Link not valid', 'This link is not valid. Please use the link from your email.'));
      const state = await invitationState(app, claims);
      if (state.kind === 'closed') return closed(reply);
      if (state.kind === 'done') return html(reply, 409, messagePage('en', 'Thank you', 'You have already answered this question.'));
      const values = { author: field(request.body, 'author').slice(0, 120), content: field(request.body, 'content') };
      if (values.content === '' || values.content.length > 5000) {
        return html(reply, 400, answerForm(`/q/answer?t=${request.query.t}`, state.question.content, values, 'Please write an answer (at most 5000 characters).'));
      }
      const saved = await answerAsBuyer(app, claims, values);
      if (!saved) return html(reply, 409, messagePage('en', 'Thank you', 'You have already answered this question.'));
      return html(reply, 200, messagePage('en', 'Thank you', 'Your answer has been published.'));
    },
  );
};
