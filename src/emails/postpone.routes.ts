import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { useSurface } from '../http/security-headers.ts';
import { acceptHtmlForms } from '../http/forms.ts';
import { escapeHtml as h } from './html.ts';
import { fill, texts, type EmailLanguage } from './i18n/index.ts';
import { LinkSigner } from './links.ts';
import { languageOfBrowser, languageOfOrderRef } from './page-language.ts';
import { invalidLinkPage, messagePage, page } from './pages.ts';
import { postponeSequence, postponeState } from './postpone.service.ts';

const tags = ['Emails'];
const TokenQuery = Type.Object({ t: Type.String({ maxLength: 4096, description: 'signed link token from the email' }) });

function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

const notValid = (request: FastifyRequest, reply: FastifyReply) => html(reply, 404, invalidLinkPage(languageOfBrowser(request.headers['accept-language'])));
const closed = (reply: FastifyReply, language: EmailLanguage) => html(reply, 410, messagePage(language, texts(language).postpone.closed_title, texts(language).postpone.closed));
/** The day of the next email, written the way the shopper's language writes dates (UTC, as the schedule is). */
const dayOf = (ms: number, language: EmailLanguage) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(ms));

/** The "my order hasn't arrived yet" link of review-request emails: moves the rest of the sequence later. In the order's language, as the email. */
export const postponeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await useSurface(app, 'emailPage');
  const links = new LinkSigner(app.config.secretKey);
  await acceptHtmlForms(app, 4096);

  app.get(
    '/r/postpone',
    { schema: { summary: 'Postpone page', description: "Offers to send the review request later, in the order's language; nothing changes on GET.", tags, querystring: TokenQuery } },
    async (request, reply) => {
      const claims = links.verify(request.query.t, 'postpone');
      if (!claims) return notValid(request, reply);
      const language = await languageOfOrderRef(app.db, claims.s, claims.o);
      const state = await postponeState(app, claims);
      if (state.kind === 'closed') return closed(reply, language);
      const { email: m, postpone: p } = texts(language);
      return html(
        reply,
        200,
        page(
          language,
          m.postpone_lead,
          `<p>${h(state.shopName)}</p><h1>${h(m.postpone_lead)}</h1><p>${h(fill(p.offer, { days: state.days }))}</p>` +
            `<form method="post" action="${h(`/r/postpone?t=${request.query.t}`)}"><button type="submit">${h(m.postpone)}</button></form>`,
        ),
      );
    },
  );

  app.post(
    '/r/postpone',
    {
      schema: {
        summary: 'Postpone the review request',
        description: "Moves the order's next email (and the rest of its sequence) to postpone_days from now. Posting again changes nothing.",
        tags,
        querystring: TokenQuery,
      },
    },
    async (request, reply) => {
      const claims = links.verify(request.query.t, 'postpone');
      if (!claims) return notValid(request, reply);
      const language = await languageOfOrderRef(app.db, claims.s, claims.o);
      const next = await postponeSequence(app, claims);
      if (next === null) return closed(reply, language);
      const { email: m, postpone: p } = texts(language);
      return html(reply, 200, messagePage(language, m.thanks_title, fill(p.done, { date: dayOf(next, language) })));
    },
  );
};
