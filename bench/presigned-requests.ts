// Requests for the load benchmark, signed before a run rather than while it runs, so the load
// generator spends its time sending. A signature is accepted for 15 minutes.
import { randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';
import { queryPairs, signedHeaders } from '../src/client/index.ts';

export type Credentials = { publicToken: string; privateToken: string };

const API = '/api/v1/openapi';
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/**
 * One GET signed now, sent unchanged by every connection for the whole run: reads may repeat a
 * signature under HMAC_REPLAY_PROTECTION=writes. No functions, so it also works with autocannon workers.
 * `path` replaces the URL path (the baselines), keeping the signed headers.
 */
export function presignedGet(credentials: Credentials, endpoint: string, query: Record<string, string>, path?: string): autocannon.Request {
  const search = new URLSearchParams(query).toString();
  return {
    method: 'GET',
    path: path ?? `${API}/${endpoint}${search ? `?${search}` : ''}`,
    headers: signedHeaders(credentials, queryPairs(query), undefined, nowSeconds()),
  };
}

interface SignedPost {
  headers: Record<string, string>;
  body: string;
}

/**
 * create_review requests with a distinct body each (a counter and a per-run nonce), so a distinct
 * signature each: the replay guard admits every one. Signed in batches before each run; if a run
 * sends more than were signed, the pool signs another batch during the run and counts it in `refills`.
 */
export class PresignedPostPool {
  private readonly pool: SignedPost[] = [];
  private next = 0;
  private written = 0;
  private readonly nonce = randomBytes(6).toString('hex');
  refills = 0;

  constructor(
    private readonly credentials: Credentials,
    private readonly productIdAt: (index: number) => string,
    private readonly perRun: number,
  ) {}

  /** The autocannon request for one run: tops the pool up to `perRun` signed bodies first. */
  request(): autocannon.Request {
    this.topUp(this.perRun);
    return {
      method: 'POST',
      path: `${API}/create_review`,
      setupRequest: (request: autocannon.Request) => {
        if (this.next === this.pool.length) {
          this.refills++;
          this.topUp(Math.max(1000, this.perRun >> 4));
        }
        const post = this.pool[this.next++]!;
        return { ...request, headers: post.headers, body: post.body };
      },
    };
  }

  private topUp(size: number) {
    this.pool.splice(0, this.next);
    this.next = 0;
    const timestamp = nowSeconds();
    while (this.pool.length < size) {
      const n = this.written++;
      const body = JSON.stringify({
        product_id: this.productIdAt(n % 1000),
        rating: 1 + (n % 5),
        author: `Load ${this.nonce}-${n}`,
        title: 'Bench review',
        content: 'Written by the load benchmark. Fits well, arrived quickly, would buy again.',
      });
      this.pool.push({ headers: { ...signedHeaders(this.credentials, [], body, timestamp), 'content-type': 'application/json' }, body });
    }
  }
}
