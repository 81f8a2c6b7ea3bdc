import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, MIRRORED_HTTP_STATUS } from './errors.ts';
import { sendError } from './envelope.ts';
import { validationMessage } from './validation.ts';
import { BODY_LIMIT_BYTES } from './body.ts';

/** Every failure becomes the spec's envelope: never a stack trace, never an HTML page. */
export function registerErrorHandlers(app: FastifyInstance, knownPaths: () => Map<string, Set<string>>): void {
  const mirror = app.config.httpStatusMirrorsCode;
  app.setErrorHandler((error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) {
      const status = error.httpStatus ?? (mirror ? MIRRORED_HTTP_STATUS[error.kind] : 200);
      return sendError(request, reply, status, error.code, error.message);
    }
    if (error.validation) {
      return sendError(request, reply, mirror ? 400 : 200, 3, validationMessage(error.validation as never, error.validationContext));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(request, reply, 413, 3, `invalid argument: body is larger than ${BODY_LIMIT_BYTES / 1024 / 1024} MB`);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(request, reply, status, 3, `invalid argument: ${error.message}`);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, mirror ? 500 : 200, 13, 'internal error');
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const methods = knownPaths().get(path);
    if (methods && !methods.has(request.method)) {
      reply.header('allow', [...methods].join(', '));
      return sendError(request, reply, 405, 3, `invalid argument: ${request.method} is not allowed on ${path}; use ${[...methods].join(' or ')}`);
    }
    return sendError(request, reply, 404, 5, `no such endpoint: ${request.method} ${path}`);
  });
}
