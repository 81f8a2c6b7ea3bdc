import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { serveObject } from './media.files.ts';
import { OssError, sendOssError } from './media.oss.ts';
import { PolicySigner } from './media.policy.ts';
import { callbackResult, receiveImagePost } from './media.receiver.ts';
import { receiveVideoPut } from './media.video.ts';
import { isStorageUnavailable } from './media.unavailable.ts';

const tags = ['Media storage'];

/**
 * The storage side, without the API prefix: the PostObject receiver (`host` of the upload
 * credentials), the one-time video PUT receiver and the served files. Errors are OSS XML
 * documents with a 4xx status, as object storage answers, not the API envelope.
 */
export const mediaPublicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const signer = new PolicySigner(app.config.secretKey);
  // Bodies here are files: they are streamed by the handlers, not parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.setErrorHandler((error, request, reply) => {
    // The rest of a refused upload is not worth reading: close the connection after the reply.
    if (request.method !== 'GET' && request.method !== 'HEAD') reply.header('connection', 'close');
    if (error instanceof OssError) return sendOssError(request, reply, error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if ((error as { validation?: unknown }).validation || (status >= 400 && status < 500)) {
      return sendOssError(request, reply, new OssError(400, 'InvalidArgument', (error as Error).message));
    }
    if (isStorageUnavailable(error)) {
      request.log.warn({ err: error }, 'media storage unavailable');
      reply.header('retry-after', '30');
      return sendOssError(request, reply, new OssError(503, 'ServiceUnavailable', 'Media storage is unavailable; nothing was stored. Please try again later.'));
    }
    request.log.error({ err: error }, 'media request failed');
    return sendOssError(request, reply, new OssError(500, 'InternalError', 'We encountered an internal error. Please try again.'));
  });

  // Widgets embedded on a shop's own domain upload straight here: the signed policy, not the
  // page's origin, authorises an upload, so any origin may send one and read the answer.
  const uploadCors = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('access-control-allow-origin', '*');
  };
  app.options(
    '/media',
    {
      onRequest: uploadCors,
      schema: {
        summary: 'CORS preflight for image uploads',
        description: 'Answers 204 for any origin: POST with a content-type header is allowed (max-age one day). Plain multipart POSTs need no preflight.',
        tags,
      },
    },
    async (_request, reply) =>
      reply.header('access-control-allow-methods', 'POST, OPTIONS').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').code(204).send(),
  );

  app.post(
    '/media',
    {
      onRequest: uploadCors,
      schema: {
        summary: 'Upload an image (OSS PostObject)',
        description:
          'multipart/form-data with key, policy, OSSAccessKeyId, Signature, optional callback, and file last — from get_image_upload_policy_token. ' +
          'Without callback: 204. With callback: 200 and JSON {Status, filename, size, mimeType, width, height, url, thumbnail_url, big_url, small_url}. ' +
          'Errors: 4xx with an XML Error document (Code, Message, RequestId). CORS: access-control-allow-origin * on every answer.',
        tags,
      },
    },
    async (request, reply) => {
      const image = await receiveImagePost(app, request, signer);
      if (!image.withCallback) return reply.status(204).send();
      return reply.status(200).type('application/json').send(callbackResult(app.config.media.publicUrl, image));
    },
  );

  app.put(
    '/media-uploads/:token',
    {
      schema: {
        summary: 'Upload a video to a one-time URL',
        description: 'The raw video bytes (MP4, WebM or QuickTime) as the body. 200 and JSON {video_url, size}; errors as XML Error documents.',
        tags,
        params: Type.Object({ token: Type.String({ description: 'the one-time token from get_video_upload_url' }) }),
      },
    },
    async (request, reply) => {
      const stored = await receiveVideoPut(app, request, request.params.token);
      return reply
        .status(200)
        .type('application/json')
        .send({ video_url: `${app.config.media.publicUrl}/${stored.key}`, size: stored.size });
    },
  );

  app.get(
    '/media/*',
    {
      schema: {
        summary: 'A stored image or video',
        description:
          'Served with its detected Content-Type, a strong ETag (If-None-Match → 304), long-lived Cache-Control and byte ranges. ' +
          '?x-oss-process=style/trustoo_big, style/trustoo_small or style/thumbnail returns a resized copy (videos: a placeholder thumbnail).',
        tags,
        params: Type.Object({ '*': Type.String({ description: 'object key, e.g. <shop_id>/<Y>/<M>/<D>/<file name>' }) }),
        querystring: Type.Object({ 'x-oss-process': Type.Optional(Type.String({ description: 'style/<name>' })) }),
      },
    },
    async (request, reply) => serveObject(app, request, reply, request.params['*']),
  );
};
