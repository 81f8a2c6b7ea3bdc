import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { findShopById } from '../shops/shops.queries.ts';
import { useSurface } from '../http/security-headers.ts';
import { acceptHtmlForms } from '../http/forms.ts';
import { LinkSigner } from './links.ts';
import { messagePage, PIXEL_GIF, reviewFormPage, unsubscribePage } from './pages.ts';
import { formErrors, reviewFormState, submitEmailReview, type ReviewFormInput } from './review-form.service.ts';
import { rewardOfferLine } from './reward-offer.ts';
import { recordEmailClick, recordEmailOpen, unsubscribeFromLink } from './tracking.service.ts';

const tags = ['Emails'];
// 10,000 characters of non-Latin text, percent-encoded, is up to 90 KB.
const FORM_LIMIT_BYTES = 256 * 1024;
const TokenQuery = Type.Object({ t: Type.String({ maxLength: 4096, description: 'signed link token from the email' }) });

/** Link tokens are in these URLs: keep them out of caches (CSP and no-referrer: SECURITY_HEADERS.emailPage). */
function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

const notValid = (reply: FastifyReply) => html(reply, 404, messagePage('Link not valid', 'This link is not valid. Please use the link from your email.'));
const field = (body: unknown, name: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.replace(/\u0000/g, '') : '';
};

/** The pages reached from review-request emails (no login: the signed link proves the order). */
export const emailPagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useSurface(app, 'emailPage');
  const links = new LinkSigner(app.config.secretKey);
  app.addHook('onClose', async () => app.mailer.close());
  await acceptHtmlForms(app, FORM_LIMIT_BYTES);
  // RFC 8058 one-click clients may post multipart; the request itself is the instruction.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: FORM_LIMIT_BYTES }, (_request, _body, done) => done(null, {}));

  app.get('/r/open', { schema: { summary: 'Email open pixel', description: 'A 1×1 GIF; the first load marks the order Opened.', tags, querystring: TokenQuery } }, async (request, reply) => {
    const claims = links.verify(request.query.t, 'open');
    if (claims) await recordEmailOpen(app, claims, request.headers['user-agent']);
    return reply.header('cache-control', 'no-store').type('image/gif').send(PIXEL_GIF);
  });

  app.get('/r/click', { schema: { summary: 'Tracked email link', description: 'Records CLICK_EMAIL and redirects to the signed destination.', tags, querystring: TokenQuery } }, async (request, reply) => {
    const claims = links.verify(request.query.t, 'click');
    if (!claims) return notValid(reply);
    await recordEmailClick(app, claims, request.headers['user-agent']);
    return reply.header('referrer-policy', 'no-referrer').redirect(claims.u, 302);
  });

  app.get('/r/review', { schema: { summary: 'Hosted review form', description: 'The form for one product of the order; following it records CLICK_EMAIL.', tags, querystring: TokenQuery } }, async (request, reply) => {
    const claims = links.verify(request.query.t, 'review');
    if (!claims) return notValid(reply);
    const state = await reviewFormState(app, claims);
    if (state.kind === 'closed') return html(reply, 410, messagePage('Review closed', 'This order can no longer be reviewed.'));
    await recordEmailClick(app, claims, request.headers['user-agent'], claims.pr);
    if (state.kind === 'done') return html(reply, 200, messagePage('Thank you', 'You have already reviewed this product.'));
    const { context } = state;
    const values = { rating: '', author: context.order.customer_name, title: '', content: '' };
    return html(reply, 200, reviewFormPage({ action: `/r/review?t=${request.query.t}`, shopName: context.shopName, productTitle: context.productTitle, productImage: context.productImage, offer: rewardOfferLine(context.rewardOffer), values, errors: [] }));
  });

  app.post('/r/review', { schema: { summary: 'Submit the hosted review form', description: 'Creates a verified review (source Email request) and marks the order Evaluated.', tags, querystring: TokenQuery } }, async (request, reply) => {
    const claims = links.verify(request.query.t, 'review');
    if (!claims) return notValid(reply);
    const state = await reviewFormState(app, claims);
    if (state.kind === 'closed') return html(reply, 410, messagePage('Review closed', 'This order can no longer be reviewed.'));
    if (state.kind === 'done') return html(reply, 409, messagePage('Thank you', 'You have already reviewed this product.'));
    const input: ReviewFormInput = { rating: field(request.body, 'rating'), author: field(request.body, 'author'), title: field(request.body, 'title'), content: field(request.body, 'content') };
    const errors = formErrors(input);
    const { context } = state;
    if (errors.length > 0) {
      return html(reply, 400, reviewFormPage({ action: `/r/review?t=${request.query.t}`, shopName: context.shopName, productTitle: context.productTitle, productImage: context.productImage, offer: rewardOfferLine(context.rewardOffer), values: input, errors }));
    }
    const review = await submitEmailReview(app, context, input, request.headers['user-agent']);
    if (!review) return html(reply, 409, messagePage('Thank you', 'You have already reviewed this product.'));
    return html(reply, 200, messagePage('Thank you', `Your review of ${context.productTitle} has been received.`));
  });

  app.get('/r/unsubscribe', { schema: { summary: 'Unsubscribe page', description: 'Asks for confirmation; nothing changes on GET.', tags, querystring: TokenQuery } }, async (request, reply) => {
    const claims = links.verify(request.query.t, 'unsubscribe');
    if (!claims) return notValid(reply);
    const shop = await findShopById(app.db, claims.s);
    return html(reply, 200, unsubscribePage(`/r/unsubscribe?t=${request.query.t}`, shop?.name ?? '', claims.e));
  });

  app.post('/r/unsubscribe', { schema: { summary: 'Unsubscribe (RFC 8058 one-click)', description: 'Stops review-request emails to the address. Idempotent.', tags, querystring: TokenQuery } }, async (request, reply) => {
    const claims = links.verify(request.query.t, 'unsubscribe');
    if (!claims) return notValid(reply);
    await unsubscribeFromLink(app, claims, request.headers['user-agent']);
    return html(reply, 200, messagePage('Unsubscribed', 'You will not receive these emails any more.'));
  });
};
