import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptHtmlForms } from '../http/forms.ts';
import { useSurface } from '../http/security-headers.ts';
import { LinkSigner } from '../emails/links.ts';
import { texts, type EmailLanguage } from '../emails/i18n/index.ts';
import { languageOfBrowser, languageOfReview } from '../emails/page-language.ts';
import { invalidLinkPage, messagePage } from '../emails/pages.ts';
import { keyOfMediaUrl } from '../media/media.keys.ts';
import { PolicySigner } from '../media/media.policy.ts';
import { VideoUploadUrl } from '../media/media.schemas.ts';
import { allStored, shopperMedia } from '../media/media.shopper.ts';
import { createVideoUploadUrl } from '../media/media.video.ts';
import { notFound } from '../http/errors.ts';
import { findReview, type ReviewWithProduct } from '../reviews/reviews.queries.ts';
import { reviewStatus } from '../reviews/reviews.moderation.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import { managePage, photoPage, REVIEWER_SCRIPT_PATH, type MediaStrip } from './reviewers.pages.ts';
import { REVIEWER_SCRIPT } from './reviewers.script.ts';
import { addMediaAsAuthor, authorEditErrors, deleteReviewAsAuthor, editReviewAsAuthor, reviewOfLink } from './reviewers.service.ts';
import { receivePhoto, uploadFormFor } from './reviewers.upload.ts';

const tags = ['Emails'];
const FORM_LIMIT_BYTES = 256 * 1024;
const Token = Type.String({ maxLength: 4096, description: 'signed link token from the email' });
const TokenQuery = Type.Object({ t: Token });
const VideoQuery = Type.Object({
  t: Token,
  content_type: Type.Optional(Type.String({ maxLength: 100, description: 'video/mp4 (default), video/webm or video/quicktime; the bytes are checked too' })),
});
const response = { 200: Type.String({ description: 'text/html page' }), '4xx': Type.String({ description: 'text/html page saying why not' }) };

function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

const field = (body: unknown, name: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.replace(/\u0000/g, '') : '';
};

const mediaOf = (review: ReviewWithProduct): MediaStrip => {
  const media = JSON.parse(review.media) as ReviewMedia[];
  return {
    photos: media.filter((m) => m.type === 1).map((m) => m.thumbnail_url || m.url),
    videos: media.filter((m) => m.type === 2).map((m) => m.thumbnail_url || `${m.url}?x-oss-process=style/thumbnail`),
  };
};
const hasVideo = (review: ReviewWithProduct) => (JSON.parse(review.media) as ReviewMedia[]).some((m) => m.type === 2);
const statusOf = (review: ReviewWithProduct) => {
  const status = reviewStatus(review);
  return status === 'published' || status === 'pending' ? status : 'hidden';
};

/** Where each link's forms post: the manage link (confirmation email) and the photo link (photo request). */
const PATHS = {
  manage: { page: '/r/my-review', photo: '/r/my-review/photo', video: '/r/my-review/video', videoUpload: '/r/my-review/video-upload' },
  photo: { page: '/r/photo', photo: '/r/photo', video: '/r/photo/video', videoUpload: '/r/photo/video-upload' },
} as const;

/**
 * The pages a review's author reaches from the confirmation email (edit, add a photo or a video,
 * delete) and from the photo request (add a photo or a video). No login: the signed link names the
 * shop and the review, and expires (src/reviewers/reviewers.service.ts). Photos post with no script
 * (signed PostObject form); a video goes as on the hosted review form: the page's one same-origin
 * script PUTs it to a one-time upload URL, then posts its URL (emailForm headers allow exactly that).
 */
export const reviewerPagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await useSurface(app, 'emailForm');
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
        media: mediaOf(review),
        upload: uploadFormFor(app, signer, review.shop_id, `${PATHS.manage.photo}?t=${token}`),
        video: { action: `${PATHS.manage.video}?t=${token}`, uploadUrl: `${PATHS.manage.videoUpload}?t=${token}` },
        notice,
        errors,
      }),
    );

  const photo = (reply: FastifyReply, token: string, language: EmailLanguage, review: ReviewWithProduct, status: number, notice: string, errors: string[]) =>
    html(
      reply,
      status,
      photoPage({
        language,
        productTitle: review.product_title || texts(language).reviewer.yourPurchase,
        rating: review.rating,
        media: mediaOf(review),
        upload: uploadFormFor(app, signer, review.shop_id, `${PATHS.photo.photo}?t=${token}`),
        video: { action: `${PATHS.photo.video}?t=${token}`, uploadUrl: `${PATHS.photo.videoUpload}?t=${token}` },
        notice,
        errors,
      }),
    );

  /** The page of the link's purpose, showing the review as it is now. */
  const show = (purpose: 'manage' | 'photo') => (reply: FastifyReply, token: string, language: EmailLanguage, review: ReviewWithProduct, status: number, notice: string, errors: string[]) =>
    purpose === 'manage' ? manage(reply, token, language, review, status, notice, errors) : photo(reply, token, language, review, status, notice, errors);

  app.get(
    '/r/my-review',
    {
      schema: {
        summary: 'Manage your review',
        description: "The author's page from the confirmation email: edit, add a photo or a video, or delete the review.",
        tags,
        querystring: TokenQuery,
        response,
      },
    },
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
        description:
          "Changes text and rating; a changed rating is kept in the review's rating history, the moderation rules run again (star threshold, links/emails/phones, blocked words, repeat reviewer, verified only: a held review waits for moderation or the release delay), and the ledger records the edit and the decision.",
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
    if ('error' in received) return show(purpose)(reply, request.query.t, language, review, 400, '', [t[received.error]]);
    await addMediaAsAuthor(app, review.shop_id, review.id, { ...received, type: 1 });
    const after = (await findReview(app.db, review.shop_id, review.id))!;
    return show(purpose)(reply, request.query.t, language, after, 200, t.photoAdded, []);
  };

  /** A one-time video upload URL for the link's review (JSON, as /r/video-upload gives the hosted form); code 5 for a link not (or no longer) valid. */
  const videoUploadRoute = (purpose: 'manage' | 'photo') => async (request: { query: { t: string; content_type?: string } }, reply: FastifyReply) => {
    const claims = links.verify(request.query.t, purpose);
    const review = claims ? await reviewOfLink(app, claims) : null;
    if (!review || review === 'expired') throw notFound('review');
    reply.header('cache-control', 'no-store');
    return createVideoUploadUrl(app, review.shop_id, { content_type: request.query.content_type });
  };

  /** Adds the uploaded video: a stored video upload of this shop (the hosted form's checks), one per review. */
  const videoRoute = (purpose: 'manage' | 'photo') => async (request: FastifyRequest<{ Querystring: { t: string } }>, reply: FastifyReply) => {
    const link = await reviewOf(request, reply, purpose);
    if (!link) return reply;
    const { review, language, t } = link;
    const refuse = (message: string) => show(purpose)(reply, request.query.t, language, review, 400, '', [message]);
    if (hasVideo(review)) return refuse(t.videoTaken);
    const url = field(request.body, 'video');
    let media;
    try {
      media = shopperMedia([url], `${app.config.media.publicUrl}/${review.shop_id}/`, 'video', 2);
    } catch {
      return refuse(t.videoRefused);
    }
    const key = keyOfMediaUrl(url, app.config.media.publicUrl);
    if (!key || !(await allStored(app.db, review.shop_id, [key], 'video'))) return refuse(t.videoRefused);
    await addMediaAsAuthor(app, review.shop_id, review.id, media[0]!);
    const after = (await findReview(app.db, review.shop_id, review.id))!;
    return show(purpose)(reply, request.query.t, language, after, 200, t.videoAdded, []);
  };

  app.post(
    '/r/my-review/photo',
    { schema: { summary: 'Add a photo to your review', description: 'multipart/form-data with the signed upload fields of the page and `file` last.', tags, querystring: TokenQuery, response } },
    photoRoute('manage'),
  );

  app.get(
    '/r/photo',
    {
      schema: {
        summary: 'Add a photo (photo request)',
        description: 'The page of the photo request email: a photo form and a video form for the same review.',
        tags,
        querystring: TokenQuery,
        response,
      },
    },
    async (request, reply) => {
      const link = await reviewOf(request, reply, 'photo');
      return link ? photo(reply, request.query.t, link.language, link.review, 200, '', []) : reply;
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

  for (const purpose of ['manage', 'photo'] as const) {
    const from = purpose === 'manage' ? 'the confirmation email' : 'the photo request';
    app.post(
      PATHS[purpose].videoUpload,
      {
        schema: {
          summary: `Video upload URL (${from})`,
          description: "A one-time PUT URL (30 minutes) for the link's review, as get_video_upload_url gives partners and /r/video-upload the hosted form; else code 5.",
          tags,
          querystring: VideoQuery,
          response: { 200: VideoUploadUrl },
        },
      },
      videoUploadRoute(purpose),
    );
    app.post(
      PATHS[purpose].video,
      {
        schema: {
          summary: `Add the uploaded video to your review (${from})`,
          description: 'Form field `video`: the video_url of a finished upload for this shop (checked as on the hosted review form); one video per review.',
          tags,
          querystring: TokenQuery,
          response,
        },
      },
      videoRoute(purpose),
    );
  }

  app.get(REVIEWER_SCRIPT_PATH, { schema: { summary: "Script of the author's pages", description: 'Uploads a chosen video, then posts its URL.', tags } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(REVIEWER_SCRIPT),
  );
};
