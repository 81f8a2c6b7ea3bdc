import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptHtmlForms } from '../http/forms.ts';
import { useSurface } from '../http/security-headers.ts';
import { LinkSigner } from '../emails/links.ts';
import { texts, type EmailLanguage } from '../emails/i18n/index.ts';
import { languageOfBrowser, languageOfReview } from '../emails/page-language.ts';
import { invalidLinkPage, messagePage } from '../emails/pages.ts';
import { PolicySigner } from '../media/media.policy.ts';
import { findReview, type ReviewWithProduct } from '../reviews/reviews.queries.ts';
import { reviewStatus } from '../reviews/reviews.moderation.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import { managePage, photoPage } from './reviewers.pages.ts';
import { addPhotoAsAuthor, authorEditErrors, deleteReviewAsAuthor, editReviewAsAuthor, reviewOfLink } from './reviewers.service.ts';
import { receivePhoto, uploadFormFor } from './reviewers.upload.ts';

const tags = ['Emails'];
const FORM_LIMIT_BYTES = 256 * 1024;
const TokenQuery = Type.Object({ t: Type.String({ maxLength: 4096, description: 'signed link token from the email' }) });
const response = { 200: Type.String({ description: 'text/html page' }), '4xx': Type.String({ description: 'text/html page saying why not' }) };

function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

const field = (body: unknown, name: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.replace(/\u0000/g, '') : '';
};

const photosOf = (review: ReviewWithProduct) => (JSON.parse(review.media) as ReviewMedia[]).filter((m) => m.type === 1).map((m) => m.thumbnail_url || m.url);
const statusOf = (review: ReviewWithProduct) => {
  const status = reviewStatus(review);
  return status === 'published' || status === 'pending' ? status : 'hidden';
};

/**
 * The pages a review's author reaches from the confirmation email (edit, add a photo, delete) and
 * from the photo request (add a photo). No login: the signed link names the shop and the review,
 * and expires (src/reviewers/reviewers.service.ts).
 */
export const reviewerPagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useSurface(app, 'emailPage');
  const links = new LinkSigner(app.config.secretKey);
  const signer = new PolicySigner(app.config.secretKey);
  await acceptHtmlForms(app, FORM_LIMIT_BYTES);
  // Photo forms are multipart: the media receiver reads the stream itself.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));

  /**
   * The link's review and the language of its pages (the review's order, else its author's orders, else the
   * shop's default), or undefined once the page that says why there is none is sent.
   */
  const reviewOf = async (request: FastifyRequest<{ Querystring: { t: string } }>, reply: FastifyReply, purpose: 'manage' | 'photo') => {
    const claims = links.verify(request.query.t, purpose);
    if (!claims) return void html(reply, 404, invalidLinkPage(languageOfBrowser(request.headers['accept-language'])));
    const review = await reviewOfLink(app, claims);
    const language = await languageOfReview(app.db, claims.s, review === 'expired' ? await findReview(app.db, claims.s, claims.r) : review);
    const t = texts(language).reviewer;
    if (review === 'expired') return void html(reply, 410, messagePage(language, t.expiredTitle, t.expired));
    if (!review) return void html(reply, 404, messagePage(language, t.goneTitle, t.gone));
    return { review, language, t };
  };

  const manage = (
    reply: FastifyReply,
    token: string,
    language: EmailLanguage,
    review: ReviewWithProduct,
    status: number,
    notice: string,
    errors: string[] = [],
    values?: { rating: string; title: string; content: string },
  ) =>
    html(
      reply,
      status,
      managePage({
        language,
        action: `/r/my-review?t=${token}`,
        deleteAction: `/r/my-review/delete?t=${token}`,
        productTitle: review.product_title || texts(language).reviewer.yourPurchase,
        status: statusOf(review),
        incentivized: review.is_incentivized === 1,
        values: values ?? { rating: String(review.rating), title: review.title, content: review.content },
        photos: photosOf(review),
        upload: uploadFormFor(app, signer, review.shop_id, `/r/my-review/photo?t=${token}`),
        notice,
        errors,
      }),
    );

  app.get(
    '/r/my-review',
    { schema: { summary: 'Manage your review', description: "The author's page from the confirmation email: edit, add a photo or delete the review.", tags, querystring: TokenQuery, response } },
    async (request, reply) => {
      const link = await reviewOf(request, reply, 'manage');
      return link ? manage(reply, request.query.t, link.language, link.review, 200, '') : reply;
    },
  );

  app.post(
    '/r/my-review',
    {
      schema: {
        summary: 'Save your review',
        description: "Changes text and rating; a changed rating is kept in the review's history and the moderation rule runs again.",
        tags,
        querystring: TokenQuery,
        response,
      },
    },
    async (request, reply) => {
      const link = await reviewOf(request, reply, 'manage');
      if (!link) return reply;
      const { review, language, t } = link;
      const input = { rating: field(request.body, 'rating'), title: field(request.body, 'title'), content: field(request.body, 'content') };
      const errors = authorEditErrors(input, texts(language).email);
      if (errors.length > 0) return manage(reply, request.query.t, language, review, 400, '', errors, input);
      const after = await editReviewAsAuthor(app, review.shop_id, review.id, { rating: Number(input.rating), title: input.title, content: input.content });
      return manage(reply, request.query.t, language, after, 200, t.saved);
    },
  );

  app.post(
    '/r/my-review/delete',
    { schema: { summary: 'Delete your review', description: 'Deletes the review for good (the confirm box must be ticked).', tags, querystring: TokenQuery, response } },
    async (request, reply) => {
      const link = await reviewOf(request, reply, 'manage');
      if (!link) return reply;
      const { review, language, t } = link;
      if (field(request.body, 'confirm') !== 'yes') return manage(reply, request.query.t, language, review, 400, '', [t.confirmDelete]);
      await deleteReviewAsAuthor(app, review.shop_id, review.id);
      return html(reply, 200, messagePage(language, t.deletedTitle, t.deleted));
    },
  );

  const photoRoute = (purpose: 'manage' | 'photo') => async (request: { query: { t: string } } & Parameters<typeof receivePhoto>[1], reply: FastifyReply) => {
    const link = await reviewOf(request, reply, purpose);
    if (!link) {
      request.raw.resume();
      return reply;
    }
    const { review, language, t } = link;
    const received = await receivePhoto(app, request, signer, review.shop_id);
    const show = (after: ReviewWithProduct, status: number, notice: string, errors: string[]) =>
      purpose === 'manage'
        ? manage(reply, request.query.t, language, after, status, notice, errors)
        : html(
            reply,
            status,
            photoPage({
              language,
              productTitle: after.product_title || t.yourPurchase,
              rating: after.rating,
              photos: photosOf(after),
              upload: uploadFormFor(app, signer, after.shop_id, `/r/photo?t=${request.query.t}`),
              notice,
              errors,
            }),
          );
    if ('error' in received) return show(review, 400, '', [t[received.error]]);
    await addPhotoAsAuthor(app, review.shop_id, review.id, received);
    const after = (await findReview(app.db, review.shop_id, review.id))!;
    return show(after, 200, t.photoAdded, []);
  };

  app.post(
    '/r/my-review/photo',
    { schema: { summary: 'Add a photo to your review', description: 'multipart/form-data with the signed upload fields of the page and `file` last.', tags, querystring: TokenQuery, response } },
    photoRoute('manage'),
  );

  app.get(
    '/r/photo',
    { schema: { summary: 'Add a photo (photo request)', description: 'The page of the photo request email: one upload form for the review.', tags, querystring: TokenQuery, response } },
    async (request, reply) => {
      const link = await reviewOf(request, reply, 'photo');
      if (!link) return reply;
      const { review, language, t } = link;
      return html(
        reply,
        200,
        photoPage({
          language,
          productTitle: review.product_title || t.yourPurchase,
          rating: review.rating,
          photos: photosOf(review),
          upload: uploadFormFor(app, signer, review.shop_id, `/r/photo?t=${request.query.t}`),
          notice: '',
          errors: [],
        }),
      );
    },
  );

  app.post(
    '/r/photo',
    {
      schema: {
        summary: 'Send the photo (photo request)',
        description: 'multipart/form-data with the signed upload fields of the page and `file` last; adds the photo to the same review.',
        tags,
        querystring: TokenQuery,
        response,
      },
    },
    photoRoute('photo'),
  );
};
