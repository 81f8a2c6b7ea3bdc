import type { Dispatcher } from 'undici';
import { lazyRequire } from '../lib/lazy.ts';

const undici = lazyRequire<typeof import('undici')>('undici');
import type { WebhookConfig } from './webhooks.config.ts';
import { guardedLookup, literalAddress, refusedAddressKind, RefusedTargetError } from './webhooks.url.ts';

/** What one HTTP attempt came to. */
export interface AttemptResult {
  success: boolean;
  statusCode: number | null;
  error: string | null;
  /** The first 1 KB of the response body. */
  excerpt: string;
  /** Retry-After in milliseconds, when the receiver sent one. */
  retryAfterMs: number | null;
  durationMs: number;
}

const READ_LIMIT_BYTES = 64 * 1024;
const EXCERPT_BYTES = 1024;

export interface Sender {
  send(url: string, headers: Record<string, string>, body: string | Buffer, acceptPlain2xx: boolean): Promise<AttemptResult>;
  close(): Promise<void>;
}

/** The raw answer to one POST: status, the Retry-After header and up to READ_LIMIT_BYTES of body. */
interface RawResponse {
  statusCode: number;
  retryAfter: string | undefined;
  text: string;
}

class AttemptTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * POSTs deliveries over keep-alive connections; no redirects are followed; the SSRF guard sits in
 * the connection's lookup. Uses undici's dispatcher directly (one handler object and one timer
 * per attempt): the stream and AbortSignal machinery of `request()` cost more CPU than the
 * request itself, and a worker sends thousands per second.
 */
export function createSender(config: WebhookConfig, now: () => number = Date.now): Sender {
  // Made at the first delivery: a process that never delivers does not load undici.
  let agent: Dispatcher | undefined;
  const agentOf = () =>
    (agent ??= new (undici().Agent)({
      connect: { timeout: Math.min(5_000, config.timeoutMs), ...(config.allowPrivate ? {} : { lookup: guardedLookup }) },
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
      keepAliveTimeout: 10_000,
      connections: config.concurrency,
    }));

  async function send(url: string, headers: Record<string, string>, body: string | Buffer, acceptPlain2xx: boolean): Promise<AttemptResult> {
    const started = performance.now();
    const finish = (partial: Omit<AttemptResult, 'durationMs'>): AttemptResult => ({ ...partial, durationMs: Math.round(performance.now() - started) });
    try {
      const target = new URL(url);
      const address = config.allowPrivate ? null : literalAddress(target);
      const kind = address ? refusedAddressKind(address) : null;
      if (address && kind) throw new RefusedTargetError(target.hostname, address, kind);
      const { statusCode, retryAfter, text } = await post(agentOf(), target, headers, body, config.timeoutMs);
      const success = acceptPlain2xx ? statusCode >= 200 && statusCode < 300 : statusCode === 200 && acknowledges(text);
      return finish({
        success,
        statusCode,
        error: success ? null : failureReason(statusCode, text, acceptPlain2xx),
        excerpt: Buffer.from(text, 'utf8')
          .subarray(0, EXCERPT_BYTES)
          .toString('utf8')
          .replace(/\uFFFD$/, ''),
        retryAfterMs: parseRetryAfter(retryAfter, now()),
      });
    } catch (error) {
      return finish({ success: false, statusCode: null, error: describeError(error, config.timeoutMs), excerpt: '', retryAfterMs: null });
    }
  }

  return { send, close: async () => agent?.close() };
}

/** One POST; the whole attempt (connect, send, headers, body) is bounded by `timeoutMs`. */
function post(dispatcher: Dispatcher, target: URL, headers: Record<string, string>, body: string | Buffer, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let abort: ((reason: Error) => void) | undefined;
    let settled = false;
    let statusCode = 0;
    let retryAfter: string | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ statusCode, retryAfter, text: Buffer.concat(chunks, size).subarray(0, READ_LIMIT_BYTES).toString('utf8') });
    };
    const timedOut = new AttemptTimeoutError(`timeout after ${timeoutMs} ms`);
    const timer = setTimeout(() => {
      settle(timedOut);
      abort?.(timedOut);
    }, timeoutMs);
    const handler = {
      onConnect(abortRequest: (reason: Error) => void) {
        abort = abortRequest;
        if (settled) abortRequest(timedOut);
      },
      onHeaders(code: number, rawHeaders: Buffer[]) {
        statusCode = code;
        for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
          if (rawHeaders[i]!.length === 11 && rawHeaders[i]!.toString('latin1').toLowerCase() === 'retry-after') retryAfter ??= rawHeaders[i + 1]!.toString('latin1');
        }
        return true;
      },
      onData(chunk: Buffer) {
        chunks.push(chunk);
        size += chunk.length;
        if (size < READ_LIMIT_BYTES) return true;
        // Enough read: answer with what arrived and drop the rest of the body with its connection.
        settle(null);
        abort?.(new Error('response body over the read limit'));
        return false;
      },
      onComplete() {
        settle(null);
      },
      onError(error: Error) {
        settle(error);
      },
    };
    try {
      dispatcher.dispatch({ origin: target.origin, path: target.pathname + target.search, method: 'POST', headers, body }, handler as unknown as Dispatcher.DispatchHandler);
    } catch (error) {
      settle(error as Error); // refused before it started (a closed agent, say)
    }
  });
}

/** The spec's acknowledgement: a JSON body whose `code` is 0. */
function acknowledges(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    const code = parsed !== null && typeof parsed === 'object' ? (parsed as { code?: unknown }).code : undefined;
    return code === 0 || code === '0';
  } catch {
    return false;
  }
}

function failureReason(statusCode: number, text: string, acceptPlain2xx: boolean): string {
  if (acceptPlain2xx || statusCode !== 200) return `HTTP ${statusCode}`;
  return text.trim() === '' ? 'HTTP 200 without the {"code":0} acknowledgement (empty body)' : 'HTTP 200 without the {"code":0} acknowledgement';
}

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: unknown };
  if (e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return `timeout after ${timeoutMs} ms`;
  if (e.code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect timeout';
  if (error instanceof RefusedTargetError) return error.message;
  if (e.cause instanceof RefusedTargetError) return e.cause.message;
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ECONNRESET' || e.code === 'UND_ERR_SOCKET') return 'connection reset by the receiver';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `host not found (${e.code})`;
  return `request failed: ${e.code ?? e.name ?? 'error'}${e.message ? ` (${e.message.slice(0, 200)})` : ''}`;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d{1,9}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
