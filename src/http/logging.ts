/** What a request log line says about the request: no headers (they carry signatures and tokens). */
export function requestLogFields(request: { method: string; url: string; ip?: string; id?: string }) {
  return { method: request.method, url: redactQuery(request.url), remoteAddress: request.ip };
}

const SECRET_QUERY_KEYS = /([?&](?:client_secret|access_token|refresh_token|code|token|sign)=)[^&]*/gi;
export const redactQuery = (url: string): string => url.replace(SECRET_QUERY_KEYS, '$1[redacted]');
