import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BODY_LIMIT_BYTES } from '../http/body.ts';
import { OAuthError } from './oauth.errors.ts';

export const FORM = 'application/x-www-form-urlencoded';

/** In this plugin only, form bodies are kept as raw bytes (the app parses every other body as JSON). */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser(FORM, { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    request.rawBody = body as Buffer;
    done(null, undefined);
  });
}

/** Form fields, one value each (RFC 6749 §3.2: a parameter must not repeat). */
export function formFields(request: FastifyRequest): Record<string, string> {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== FORM) throw new OAuthError('invalid_request', `the body must be ${FORM}`);
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(request.rawBody?.toString('utf8') ?? '')) {
    if (key in fields) throw new OAuthError('invalid_request', `parameter ${key.slice(0, 40)} is repeated`);
    fields[key] = value;
  }
  return fields;
}
