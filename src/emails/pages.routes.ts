import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findShopById } from '../shops/shops.queries.ts';
import { SECURITY_HEADERS, useSurface } from '../http/security-headers.ts';
import { acceptHtmlForms } from '../http/forms.ts';
import { notFound } from '../http/errors.ts';
import { issueCredentials, PolicySigner } from '../media/media.policy.ts';
import { ImageUploadCredentials, VideoUploadUrl } from '../media/media.schemas.ts';
import { createVideoUploadUrl } from '../media/media.video.ts';
import { emailMessages, type EmailLanguage } from './i18n/index.ts';
import { LinkSigner } from './links.ts';
import { invalidLinkPage, messagePage, PIXEL_GIF, REVIEW_FORM_SCRIPT_PATH, reviewFormPage, unsubscribePage, type FormValues } from './pages.ts';
import { checkReviewForm, reviewFormState, submitEmailReview, thanksLines, type ReviewFormContext, type ReviewFormInput } from './review-form.service.ts';
import { REVIEW_FORM_SCRIPT } from './review-form.script.ts';
import { languageOfBrowser, languageOfOrderRef, shopLanguage } from './page-language.ts';
import { rewardOfferLine } from './reward-offer.ts';
import { recordEmailClick, recordEmailOpen, unsubscribeFromLink } from './tracking.service.ts';

const tags = ['Emails'];
// 10,000 characters of non-Latin text, percent-encoded, is up to 90 KB (per product: a few products fit).
const FORM_LIMIT_BYTES = 1024 * 1024;
const Token = Type.String({ maxLength: 4096, description: 'signed link token from the email' });
const TokenQuery = Type.Object({ t: Token });
const ReviewQuery = Type.Object({
  t: Token,
  rating: Type.Optional(Type.String({ maxLength: 2, description: "stars 1-5 chosen in the email for the link's product (anything else chooses none)" })),
});
const VideoQuery = Type.Object({
  t: Token,
  content_type: Type.Optional(Type.String({ maxLength: 100, description: 'video/mp4 (default), video/webm or video/quicktime; the bytes are checked too' })),
});

/** Link tokens are in these URLs: keep them out of caches (CSP and no-referrer: SECURITY_HEADERS.emailPage / emailForm). */
function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

const field = (body: unknown, name: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.replace(/\u0000/g, '') : '';
};
const fields = (body: unknown, name: string): string[] => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
};

/** The form's fields per product (`rating_<id>`…); the bare names (`rating`…) answer for the link's product. An answer for a reviewed product is a conflict. */
function formInput(body: unknown, context: ReviewFormContext): ReviewFormInput {
  return {
    author: field(body, 'author'),
    answers: context.products.map((p) => {
      const own = (name: string) => field(body, `${name}_${p.productId}`) || (p.productId === context.linkProductId ? field(body, name) : '');
      return { productId: p.productId, rating: own('rating'), title: own('title'), content: own('content'), photos: fields(body, `photos_${p.productId}`), video: own('video') };
    }),
  };
}

const valuesOf = (input: ReviewFormInput): FormValues => ({ author: input.author, answers: new Map(input.answers.map((a) => [a.productId, a])) });

/** The pages reached from review-request emails (no login: the signed link proves the order). */
export const emailPagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await useSurface(app, 'emailPage');
  const links = new LinkSigner(app.config.secretKey);
  const uploads = new PolicySigner(app.config.secretKey);
  const mediaBaseUrl = app.config.media.publicUrl;
  app.addHook('onClose', async () => app.mailer.close());
  await acceptHtmlForms(app, FORM_LIMIT_BYTES);
  // RFC 8058 one-click clients may post multipart; the request itself is the instruction.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: FORM_LIMIT_BYTES }, (_request, _body, done) => done(null, {}));

  const notValid = (request: FastifyRequest, reply: FastifyReply) => html(reply, 404, invalidLinkPage(languageOfBrowser(request.headers['accept-language'])));
  const closed = (reply: FastifyReply, language: EmailLanguage) => html(reply, 410, messagePage(language, emailMessages(language).closed_title, emailMessages(language).closed));
  const done = (reply: FastifyReply, status: number, language: EmailLanguage) => html(reply, status, messagePage(language, emailMessages(language).thanks_title, emailMessages(language).done));
  const form = (reply: FastifyReply, status: number, token: string, context: ReviewFormContext, values: FormValues, errors: string[]) =>
    html(
      reply,
      status,
      reviewFormPage({
        action: `/r/review?t=${encodeURIComponent(token)}`,
        language: context.language,
        shopName: context.shopName,
        products: context.products,
        values,
        errors,
        offer: rewardOfferLine(context.rewardOffer, { anyReview: emailMessages(context.language).reward_any, withMedia: emailMessages(context.language).reward_media }),
      }),
    );
  /** The review link's form (open, or every product reviewed); undefined once the page saying why not is sent. */
  const formOf = async (request: FastifyRequest<{ Querystring: { t: string } }>, reply: FastifyReply) => {
    const claims = links.verify(request.query.t, 'review');
    if (!claims) return void notValid(request, reply);
    const state = await reviewFormState(app, claims);
    if (state.kind === 'closed') return void closed(reply, state.context?.language ?? (await shopLanguage(app.db, claims.s)));
    return { claims, state };
  };
  /** The upload routes work only while the link's form is open. */
  const openForm = async (token: string) => {
    const claims = links.verify(token, 'review');
    const state = claims ? await reviewFormState(app, claims) : undefined;
    if (!claims || state?.kind !== 'open') throw notFound('review form');
    return claims;
  };

  app.get('/r/open', { schema: { summary: 'Email open pixel', description: 'A 1×1 GIF; the first load marks the order Opened.', tags, querystring: TokenQuery } }, async (request, reply) => {
    const claims = links.verify(request.query.t, 'open');
    if (claims) await recordEmailOpen(app, claims, request.headers['user-agent']);
    return reply.header('cache-control', 'no-store').type('image/gif').send(PIXEL_GIF);
  });

  app.get(
    '/r/click',
    { schema: { summary: 'Tracked email link', description: 'Records CLICK_EMAIL and redirects to the signed destination.', tags, querystring: TokenQuery } },
    async (request, reply) => {
      const claims = links.verify(request.query.t, 'click');
      if (!claims) return notValid(request, reply);
      await recordEmailClick(app, claims, request.headers['user-agent']);
      return reply.header('referrer-policy', 'no-referrer').redirect(claims.u, 302);
    },
  );

  app.get(
    '/r/review',
    {
      schema: {
        summary: 'Hosted review form',
        description:
          "One page for every product of the order the shop asks about (the link's product first), in the shopper's language; `rating` preselects the stars chosen in the email. Following it records CLICK_EMAIL.",
        tags,
        querystring: ReviewQuery,
      },
      helmet: SECURITY_HEADERS.emailForm,
    },
    async (request, reply) => {
      const link = await formOf(request, reply);
      if (!link) return reply;
      const { claims, state } = link;
      await recordEmailClick(app, claims, request.headers['user-agent'], claims.pr);
      const { context } = state;
      if (state.kind === 'done') return done(reply, 200, context.language);
      const rating = /^[1-5]$/.test(request.query.rating ?? '') ? request.query.rating! : '';
      const answers = new Map([[claims.pr, { rating, title: '', content: '', photos: [], video: '' }]]);
      return form(reply, 200, request.query.t, context, { author: context.order.customer_name, answers }, []);
    },
  );

  app.post(
    '/r/review',
    {
      schema: {
        summary: 'Submit the hosted review form',
        description:
          'Creates one verified review (source Email request) per rated product, with its photos (up to 5) and video uploaded through /r/upload-policy and /r/video-upload, ' +
          'and marks the order Evaluated. Every field is checked before anything is written. Fields: author; per product rating_<id>, title_<id>, content_<id>, photos_<id> (repeated), video_<id>; ' +
          "rating, title and content without a suffix answer for the link's product.",
        tags,
        querystring: TokenQuery,
      },
      helmet: SECURITY_HEADERS.emailForm,
    },
    async (request, reply) => {
      const link = await formOf(request, reply);
      if (!link) return reply;
      const { context } = link.state;
      if (link.state.kind === 'done') return done(reply, 409, context.language);
      const input = formInput(request.body, context);
      const check = await checkReviewForm({ db: app.db, dialect: app.dialect, clock: app.clock, events: app.events, mediaBaseUrl }, context, input);
      if (!check.ok && check.conflict) return done(reply, 409, context.language);
      if (!check.ok) return form(reply, 400, request.query.t, context, valuesOf(input), check.errors);
      const reviewed: string[] = [];
      for (const answer of check.answers) {
        if (await submitEmailReview(app, context, input.author, answer, request.headers['user-agent'])) {
          reviewed.push(context.products.find((p) => p.productId === answer.productId)!.title);
        }
      }
      if (reviewed.length === 0) return done(reply, 409, context.language);
      const m = emailMessages(context.language);
      return html(reply, 200, messagePage(context.language, m.thanks_title, thanksLines(m, reviewed)));
    },
  );

  app.get(
    REVIEW_FORM_SCRIPT_PATH,
    {
      schema: { summary: 'Script of the hosted review form', description: 'Uploads the chosen photos and video before the form is sent.', tags },
      helmet: SECURITY_HEADERS.emailForm,
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(REVIEW_FORM_SCRIPT),
  );

  app.get(
    '/r/upload-policy',
    {
      schema: {
        summary: 'Photo upload credentials for the hosted review form',
        description: "The same PostObject credentials as the widget's upload_policy (15 minutes, this shop's folder, the media feature's checks), issued while the link's form is open; else code 5.",
        tags,
        querystring: TokenQuery,
        response: { 200: ImageUploadCredentials },
      },
    },
    async (request, reply) => {
      const claims = await openForm(request.query.t);
      reply.header('cache-control', 'no-store');
      return issueCredentials(uploads, { shopId: claims.s, now: app.clock.now(), mediaBaseUrl, maxBytes: app.config.media.maxImageBytes });
    },
  );

  app.post(
    '/r/video-upload',
    {
      schema: {
        summary: 'Video upload URL for the hosted review form',
        description: "A one-time PUT URL (30 minutes) as get_video_upload_url gives partners, issued while the link's form is open; else code 5.",
        tags,
        querystring: VideoQuery,
        response: { 200: VideoUploadUrl },
      },
    },
    async (request, reply) => {
      const claims = await openForm(request.query.t);
      reply.header('cache-control', 'no-store');
      return createVideoUploadUrl(app, claims.s, { content_type: request.query.content_type });
    },
  );

  app.get('/r/unsubscribe', { schema: { summary: 'Unsubscribe page', description: 'Asks for confirmation; nothing changes on GET.', tags, querystring: TokenQuery } }, async (request, reply) => {
    const claims = links.verify(request.query.t, 'unsubscribe');
    if (!claims) return notValid(request, reply);
    const shop = await findShopById(app.db, claims.s);
    return html(reply, 200, unsubscribePage(await languageOfOrderRef(app.db, claims.s, claims.o), `/r/unsubscribe?t=${encodeURIComponent(request.query.t)}`, shop?.name ?? '', claims.e));
  });

  app.post(
    '/r/unsubscribe',
    { schema: { summary: 'Unsubscribe (RFC 8058 one-click)', description: 'Stops review-request emails to the address. Idempotent.', tags, querystring: TokenQuery } },
    async (request, reply) => {
      const claims = links.verify(request.query.t, 'unsubscribe');
      if (!claims) return notValid(request, reply);
      await unsubscribeFromLink(app, claims, request.headers['user-agent']);
      const language = await languageOfOrderRef(app.db, claims.s, claims.o);
      return html(reply, 200, messagePage(language, emailMessages(language).unsubscribed_title, emailMessages(language).unsubscribed));
    },
  );
};
