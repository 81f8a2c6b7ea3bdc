import { lookup } from 'node:dns';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { SNIFF_BYTES, sniff, type SniffedType } from '../media/media.sniff.ts';
import { literalAddress, refusedAddressKind, RefusedTargetError } from '../webhooks/webhooks.url.ts';

/** Why a media URL could not be fetched; `retry` when a later attempt may succeed (timeouts, 5xx, connection errors). */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export interface DownloadPolicy {
  /** Reach loopback and private addresses (WEBHOOK_ALLOW_PRIVATE=1; the webhooks' SSRF guard is reused). */
  allowPrivate: boolean;
  /** Individual internal addresses that are allowed anyway (tests serve media from 127.0.0.1). */
  allowAddresses?: string[];
  timeoutMs: number;
  maxImageBytes: number;
  maxVideoBytes: number;
}

const MAX_REDIRECTS = 3;

const refusal = (address: string, policy: DownloadPolicy): string | null => (policy.allowPrivate || policy.allowAddresses?.includes(address) ? null : refusedAddressKind(address));

/** The SSRF guard inside the connection's own lookup, so the checked address is the one connected to. */
function guardedLookupFor(policy: DownloadPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const kind = refusal(address, policy);
        if (kind) return callback(new RefusedTargetError(hostname, address, kind) as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

export interface Downloaded {
  type: SniffedType;
  bytes: number;
}

export interface Downloader {
  /** Fetches `url` into the file `target`; the type comes from the bytes, never from headers or names. */
  fetchTo(url: string, target: string): Promise<Downloaded>;
  close(): Promise<void>;
}

export function createDownloader(policy: DownloadPolicy): Downloader {
  const agent = new Agent({
    connect: { timeout: policy.timeoutMs, lookup: guardedLookupFor(policy) },
    headersTimeout: policy.timeoutMs,
    bodyTimeout: policy.timeoutMs,
  });
  return {
    async fetchTo(url, target) {
      try {
        return await fetchFollowing(agent, policy, url, target);
      } catch (error) {
        await rm(target, { force: true });
        throw asDownloadError(error, policy);
      }
    },
    close: () => agent.close(),
  };
}

async function fetchFollowing(agent: Dispatcher, policy: DownloadPolicy, first: string, target: string): Promise<Downloaded> {
  let url = checkedUrl(first, policy);
  for (let hop = 0; ; hop++) {
    const response = await request(url, { dispatcher: agent, method: 'GET', signal: AbortSignal.timeout(policy.timeoutMs), headers: { accept: 'image/*,video/*' } });
    const { statusCode, headers, body } = response;
    if (statusCode >= 300 && statusCode < 400 && headers.location) {
      discard(body);
      if (hop >= MAX_REDIRECTS) throw new DownloadError(`more than ${MAX_REDIRECTS} redirects`, false);
      url = checkedUrl(new URL(String(headers.location), url).toString(), policy);
      continue;
    }
    if (statusCode !== 200) {
      discard(body);
      throw new DownloadError(`HTTP ${statusCode}`, statusCode >= 500 || statusCode === 429);
    }
    const declared = Number(headers['content-length'] ?? NaN);
    if (declared > policy.maxVideoBytes) {
      discard(body);
      throw new DownloadError(`too large: ${declared} bytes`, false);
    }
    return await saveChecked(body, target, policy);
  }
}

/** An absolute http(s) URL whose literal address (if any) passes the guard (a literal IP skips the lookup). */
function checkedUrl(text: string, policy: DownloadPolicy): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DownloadError('not a URL', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DownloadError(`${url.protocol} URLs are not fetched`, false);
  const address = literalAddress(url);
  const kind = address ? refusal(address, policy) : null;
  if (address && kind) throw new DownloadError(`refused: ${url.hostname} is ${kind}`, false);
  return url;
}

/** Streams the body to the file, identifying the type from the first bytes and stopping at the type's size limit. */
async function saveChecked(body: Dispatcher.ResponseData['body'], target: string, policy: DownloadPolicy): Promise<Downloaded> {
  const file = createWriteStream(target);
  let head = Buffer.alloc(0);
  let type: SniffedType | null = null;
  let bytes = 0;
  try {
    const write = async (data: Buffer) => {
      if (!file.write(data)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
    };
    const checkSize = (t: SniffedType) => {
      const limit = t.kind === 'image' ? policy.maxImageBytes : policy.maxVideoBytes;
      if (bytes > limit) throw new DownloadError(`too large: over ${limit} bytes for ${t.kind === 'image' ? 'an image' : 'a video'}`, false);
    };
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (type) {
        checkSize(type);
        await write(chunk);
        continue;
      }
      head = Buffer.concat([head, chunk]);
      if (head.length < SNIFF_BYTES) continue;
      type = sniff(head);
      if (!type) throw new DownloadError('not an image or video (from its bytes)', false);
      checkSize(type);
      await write(head);
    }
    if (!type) {
      type = sniff(head);
      if (!type) throw new DownloadError(bytes === 0 ? 'empty response' : 'not an image or video (from its bytes)', false);
      await write(head);
    }
  } catch (error) {
    discard(body);
    file.destroy();
    await new Promise<void>((resolve) => (file.closed ? resolve() : file.once('close', () => resolve())));
    throw error;
  }
  await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { type, bytes };
}

function asDownloadError(error: unknown, policy: DownloadPolicy): DownloadError {
  if (error instanceof DownloadError) return error;
  const found = findCause(error, (e) => e instanceof RefusedTargetError);
  if (found) return new DownloadError(found.message.replace(/ \(set WEBHOOK_ALLOW_PRIVATE=1 to allow\)$/, ''), false);
  const name = (error as { name?: string; code?: string } | null)?.name ?? '';
  const code = (error as { code?: string } | null)?.code ?? '';
  if (name === 'TimeoutError' || name === 'AbortError' || /TIMEOUT/.test(code)) return new DownloadError(`timeout after ${policy.timeoutMs} ms`, true);
  return new DownloadError(`connection failed: ${code || (error instanceof Error ? error.message : String(error))}`, true);
}

function findCause(error: unknown, test: (e: unknown) => boolean): Error | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if (test(e)) return e as Error;
  return undefined;
}

/** Drops a response body we will not read (its abort error is expected, not a crash). */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}
