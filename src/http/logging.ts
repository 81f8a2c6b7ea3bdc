import { redactUrl } from './redact.ts';

/** What a request log line says about the request: no headers (they carry signatures and tokens), no capabilities in the URL. */
export function requestLogFields(request: { method: string; url: string; ip?: string; id?: string }) {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
}
