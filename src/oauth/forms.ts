import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BODY_LIMIT_BYTES } from '../http/body.ts';
import { acceptHtmlForms, FORM } from '../http/forms.ts';
import { OAuthError } from './oauth.errors.ts';

export { FORM };

/** In this plugin form bodies are parsed as forms (the app parses every other body as JSON). */
export const acceptFormBodies = (app: FastifyInstance): Promise<void> => acceptHtmlForms(app, BODY_LIMIT_BYTES);

/** Form fields, one value each (RFC 6749 §3.2: a parameter must not repeat). */
export function formFields(request: FastifyRequest): Record<string, string> {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== FORM) throw new OAuthError('invalid_request', `the body must be ${FORM}`);
  const fields: Record<string, string> = Object.create(null);
  const body = (request.body ?? {}) as Record<string, string | string[]>;
  for (const key of Object.keys(body)) {
    const value = body[key]!;
    if (Array.isArray(value)) throw new OAuthError('invalid_request', `parameter ${key.slice(0, 40)} is repeated`);
    fields[key] = value;
  }
  return fields;
}
