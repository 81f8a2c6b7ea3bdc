import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { useSurface } from '../http/security-headers.ts';
import { acceptHtmlForms } from '../http/forms.ts';
import { escapeHtml as h } from './html.ts';
import { LinkSigner } from './links.ts';
import { messagePage, page } from './pages.ts';
import { postponeSequence, postponeState } from './postpone.service.ts';

const tags = ['Emails'];
const TokenQuery = Type.Object({ t: Type.String({ maxLength: 4096, description: 'signed link token from the email' }) });

function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

const notValid = (reply: FastifyReply) => html(reply, 404, messagePage('en', 'Link not valid', 'This link is not valid. Please use the link from your email.'));
const closed = (reply: FastifyReply) => html(reply, 410, messagePage('en', 'Nothing to postpone', 'This order has no more review requests to send.'));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The "my order hasn't arrived yet" link of review-request emails: moves the rest of the sequence later. */
export const postponeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useSurface(app, 'emailPage');
  const links = new LinkSigner(app.config.secretKey);
  await acceptHtmlForms(app, 4096);

  app.get(
    '/r/postpone',
    { schema: { summary: 'Postpone page', description: 'Offers to send the review request later; nothing changes on GET.', tags, querystring: TokenQuery } },
    async (request, reply) => {
      const claims = links.verify(request.query.t, 'postpone');
      if (!claims) return notValid(reply);
      const state = await postponeState(app, claims);
      if (state.kind === 'closed') return closed(reply);
      return html(
        reply,
        200,
        page(
          'en',
          'Order not arrived yet?',
          `<p>${h(state.shopName)}</p><h1>Order not arrived yet?</h1><p>We will ask for your review in ${state.days} days instead.</p>` +
            `<form method="post" action="${h(`/r/postpone?t=${request.query.t}`)}"><button type="submit">Ask me later</button></form>`,
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
      if (!claims) return notValid(reply);
      const next = await postponeSequence(app, claims);
      if (next === null) return closed(reply);
      return html(reply, 200, messagePage('en', 'Thank you', `We will ask for your review on ${dayOf(next)}.`));
    },
  );
};
