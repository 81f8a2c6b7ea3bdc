import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml as h } from '../emails/html.ts';
import { LinkSigner } from '../emails/links.ts';
import { texts, type EmailLanguage } from '../emails/i18n/index.ts';
import { languageOfBrowser, languageOfCustomer } from '../emails/page-language.ts';
import { invalidLinkPage, messagePage, page } from '../emails/pages.ts';
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

function answerForm(language: EmailLanguage, action: string, question: string, values: { author: string; content: string }, error: string): string {
  const t = texts(language).question;
  return page(
    language,
    t.title,
    `<h1>${h(t.title)}</h1><p>${h(t.asks)}</p><blockquote>${h(question)}</blockquote>` +
      (error ? `<p class="error" role="alert">${h(error)}</p>` : '') +
      `<form method="post" action="${h(action)}">` +
      `<label for="author">${h(t.author)}</label><input type="text" id="author" name="author" maxlength="120" value="${h(values.author)}">` +
      `<label for="content">${h(t.content)}</label><textarea id="content" name="content" maxlength="5000" required>${h(values.content)}</textarea>` +
      `<button type="submit">${h(t.send)}</button></form>`,
  );
}

/**
 * The page an invited buyer answers on (no login: the signed link proves the address; their orders prove the purchase).
 * In the buyer's language: the locale of their newest order that carries one, else the shop's default.
 */
export const questionPagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await useSurface(app, 'emailPage');
  await acceptHtmlForms(app, 64 * 1024);
  const links = new LinkSigner(app.config.secretKey);
  const message = (reply: FastifyReply, status: number, language: EmailLanguage, title: string, line: string) => html(reply, status, messagePage(language, title, line));

  /** The invitation of a link that is still open, or undefined once the page saying why not is sent (`doneStatus`: already answered). */
  const invitationOf = async (request: FastifyRequest<{ Querystring: { t: string } }>, reply: FastifyReply, doneStatus: number) => {
    const claims = links.verify(request.query.t, 'answer');
    if (!claims) return void html(reply, 404, invalidLinkPage(languageOfBrowser(request.headers['accept-language'])));
    const language = await languageOfCustomer(app.db, claims.s, claims.e);
    const { email: m, question: t } = texts(language);
    const state = await invitationState(app, claims);
    if (state.kind === 'closed') return void message(reply, 410, language, t.closed_title, t.closed);
    if (state.kind === 'done') return void message(reply, doneStatus, language, m.thanks_title, t.done);
    return { claims, language, question: state.question };
  };

  app.get(
    '/q/answer',
    {
      schema: {
        summary: 'Answer form for an invited buyer',
        description: "Shows the question and a form, when the link is valid and the address bought the product; in the buyer's language.",
        tags,
        querystring: TokenQuery,
        response: HTML,
      },
    },
    async (request, reply) => {
      const invitation = await invitationOf(request, reply, 200);
      if (!invitation) return reply;
      return html(reply, 200, answerForm(invitation.language, `/q/answer?t=${request.query.t}`, invitation.question.content, { author: '', content: '' }, ''));
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
      const invitation = await invitationOf(request, reply, 409);
      if (!invitation) return reply;
      const { claims, language } = invitation;
      const { email: m, question: t } = texts(language);
      const values = { author: field(request.body, 'author').slice(0, 120), content: field(request.body, 'content') };
      if (values.content === '' || values.content.length > 5000) {
        return html(reply, 400, answerForm(language, `/q/answer?t=${request.query.t}`, invitation.question.content, values, t.err_content));
      }
      const saved = await answerAsBuyer(app, claims, values);
      if (!saved) return message(reply, 409, language, m.thanks_title, t.done);
      return message(reply, 200, language, m.thanks_title, t.published);
    },
  );
};
