import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { PARTNER_SECURITY } from '../http/openapi.ts';
import { issueCredentials, PolicySigner } from './media.policy.ts';
import { ImageUploadCredentials, VideoUploadQuery, VideoUploadUrl } from './media.schemas.ts';
import { createVideoUploadUrl } from './media.video.ts';

const tags = ['Media'];

/** The spec's media endpoints (endpoints.md §E). */
export const mediaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const signer = new PolicySigner(app.config.secretKey);

  app.get(
    '/get_image_upload_policy_token',
    {
      schema: {
        summary: 'Get image upload credentials',
        description:
          'OSS-style PostObject credentials valid for 15 minutes. POST multipart/form-data to host with the fields key (= dir + file name), ' +
          'policy, OSSAccessKeyId, Signature, callback, and file last. JPEG, PNG, WebP, GIF or AVIF, up to MEDIA_MAX_IMAGE_BYTES. Scope write_reviews.',
        tags,
        security: PARTNER_SECURITY,
        response: { 200: envelopeOf(ImageUploadCredentials) },
      },
      config: { auth: 'partner', scope: 'write_reviews' },
    },
    async (request) =>
      ok(
        request,
        issueCredentials(signer, {
          shopId: request.auth.shopId,
          now: app.clock.now(),
          mediaBaseUrl: app.config.media.publicUrl,
          maxBytes: app.config.media.maxImageBytes,
        }),
      ),
  );

  app.get(
    '/get_video_upload_url',
    {
      schema: {
        summary: 'Get a video upload URL',
        description:
          'A one-time URL valid for 30 minutes: PUT the raw bytes (MP4, WebM or QuickTime, up to MEDIA_MAX_VIDEO_BYTES) to upload_url, ' +
          'then use video_url in create_review. With S3 storage the URL is a presigned PUT to the bucket. Scope write_reviews.',
        tags,
        security: PARTNER_SECURITY,
        querystring: VideoUploadQuery,
        response: { 200: envelopeOf(VideoUploadUrl) },
      },
      config: { auth: 'partner', scope: 'write_reviews' },
    },
    async (request) => ok(request, await createVideoUploadUrl(app, request.auth.shopId, request.query)),
  );
};
