import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** An RFC 9457 problem from the Admin API, thrown by `unwrap`. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
  is(suffix: string): boolean {
    return this.type.endsWith(`:${suffix}`);
  }
}

// The CSRF token of the current session (GET /session, sign-in and setup return it). It is
// not a secret from this page's own script; it only proves a request came from it.
let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or a ProblemError. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem = (error ?? {}) as { type?: string; detail?: string; title?: string; field?: string };
  throw new ProblemError(response.status, problem.type ?? `urn:plaudit:problem:http-${response.status}`, problem.detail ?? problem.title ?? response.statusText, problem.field);
}

export const problemMessage = (error: unknown): string => (error instanceof ProblemError ? error.detail : error instanceof Error ? error.message : 'Something went wrong');
