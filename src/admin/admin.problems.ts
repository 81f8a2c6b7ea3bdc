import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { Type } from '@sinclair/typebox';
import { ApiError, type ErrorKind } from '../http/errors.ts';
import { BODY_LIMIT_BYTES } from '../http/body.ts';

/** An RFC 9457 problem, thrown by admin routes and services; rendered by the admin error handler. */
export class AdminProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const TITLES: Record<string, string> = {
  'invalid-argument': 'Invalid argument',
  unauthenticated: 'Not signed in',
  'totp-required': 'Two-factor code required',
  csrf: 'Missing or wrong CSRF token',
  forbidden: 'Your role does not allow this',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'payload-too-large': 'Payload too large',
  'rate-limited': 'Too many attempts',
  internal: 'Internal error',
};

export const badInput = (field: string, detail: string) => new AdminProblem(400, 'invalid-argument', `${field} ${detail}`, field);
export const notSignedIn = (detail = 'sign in first', field?: string) => new AdminProblem(401, 'unauthenticated', detail, field);
export const forbidden = (detail: string) => new AdminProblem(403, 'forbidden', detail);
export const missing = (what: string) => new AdminProblem(404, 'not-found', `${what} not found`);
export const conflict = (detail: string, field?: string) => new AdminProblem(409, 'conflict', detail, field);

const FROM_KIND: Record<ErrorKind, [number, string]> = {
  canceled: [400, 'invalid-argument'],
  invalid_argument: [400, 'invalid-argument'],
  deadline_exceeded: [503, 'internal'],
  not_found: [404, 'not-found'],
  already_exists: [409, 'conflict'],
  permission_denied: [403, 'forbidden'],
  resource_exhausted: [429, 'rate-limited'],
  internal: [500, 'internal'],
  unauthenticated: [401, 'unauthenticated'],
};

/** The problem+json document every admin failure is rendered as (documented in OpenAPI). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:plaudit:problem:<kind>' }),
    title: Type.String({ description: 'short summary of the kind' }),
    status: Type.Integer({ description: 'HTTP status' }),
    detail: Type.String({ description: 'what went wrong, for people' }),
    field: Type.Optional(Type.String({ description: 'the input to blame (body property, query key or path parameter)' })),
    instance: Type.String({ description: 'the request path' }),
    request_id: Type.String({ description: 'also in the X-Request-Id header' }),
  },
  { description: 'RFC 9457 problem details (application/problem+json)' },
);

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: AdminProblem) {
  const body = {
    type: `urn:plaudit:problem:${problem.slug}`,
    title: TITLES[problem.slug] ?? problem.slug,
    status: problem.status,
    detail: problem.message,
    ...(problem.field ? { field: problem.field } : {}),
    instance: request.url.split('?')[0]!,
    request_id: request.id,
  };
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body);
}

/** Converts whatever was thrown into a problem: ours, the shared ApiError, schema validation, framework errors. */
export function toProblem(error: FastifyError | ApiError | AdminProblem): AdminProblem {
  if (error instanceof AdminProblem) return error;
  if (error instanceof ApiError) {
    const [status, slug] = FROM_KIND[error.kind];
    const text = error.message
      .replace(/^invalid argument: /, '')
      .replace(/^authentication failed: /, '')
      .replace(/^permission denied: /, '');
    const field = error.kind === 'invalid_argument' ? /^([A-Za-z_][\w.[\]]*)\s/.exec(text)?.[1] : undefined;
    return new AdminProblem(status, slug, text, field);
  }
  if (error.validation) return validationProblem(error.validation as ErrorObject[], error.validationContext);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AdminProblem(413, 'payload-too-large', `body is larger than ${BODY_LIMIT_BYTES / 1024 / 1024} MB`, 'body');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new AdminProblem(status, 'invalid-argument', error.message);
  return new AdminProblem(500, 'internal', 'internal error');
}

function validationProblem(errors: ErrorObject[], context: string | undefined): AdminProblem {
  const error = errors[0]!;
  const parts = error.instancePath.split('/').filter(Boolean);
  let field = parts.join('.');
  let detail = error.message ?? 'is not valid';
  if (error.keyword === 'required') {
    const name = String((error.params as { missingProperty?: string }).missingProperty ?? '');
    field = field ? `${field}.${name}` : name;
    detail = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    const name = String((error.params as { additionalProperty?: string }).additionalProperty ?? '');
    field = field ? `${field}.${name}` : name;
    detail = 'is not a known property';
  } else {
    const description = (error.parentSchema as { description?: string } | undefined)?.description;
    if (description && (error.keyword === 'anyOf' || error.keyword === 'enum' || error.keyword === 'const')) detail = `must be ${description}`;
  }
  if (!field) field = context === 'body' ? 'body' : (context ?? 'request');
  return new AdminProblem(400, 'invalid-argument', `${field} ${detail}`, field);
}

/** Problem details for everything under the admin prefix, instead of the Trustoo envelope. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | AdminProblem, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'unhandled admin error');
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, new AdminProblem(404, 'not-found', `no such endpoint: ${request.method} ${request.url.split('?')[0]}`)));
}
