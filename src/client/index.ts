import { sign, stringToSign, type QueryPair } from '../lib/signature.ts';
import type { CreateReviewBody, GetReviewsQuery, Review } from '../reviews/reviews.schemas.ts';
import type { GetRatingQuery, Rating } from '../ratings/ratings.schemas.ts';

/**
 * A typed client for the Trustoo-compatible Open API, signing requests exactly as the
 * spec says (README §4.5). Works against Plaudit or Trustoo.
 *
 *   const client = new PlauditClient({ baseUrl: 'http://localhost:8080', publicToken, privateToken });
 *   const { data } = await client.createReview({ product_id: '9200305176832', rating: 5, author: 'Jane' });
 */
export interface Envelope<T> {
  code: number;
  message: string;
  time: number;
  request_id: string;
  data: T;
}

export interface WireRequest {
  method: 'GET' | 'POST';
  /** Path plus query string. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface WireResponse {
  status: number;
  body: string;
}

export type Transport = (request: WireRequest) => Promise<WireResponse>;

export const fetchTransport =
  (baseUrl: string, timeoutMs = 10_000): Transport =>
  async (request) => {
    const response = await fetch(baseUrl.replace(/\/+$/, '') + request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  };

export type QueryValue = string | number | undefined | null | ReadonlyArray<string | number>;

export interface ClientOptions {
  publicToken: string;
  privateToken: string;
  /** Base URL (uses fetch) or a custom transport (tests pass one over app.inject). */
  baseUrl?: string;
  transport?: Transport;
  /** Unix seconds; defaults to the system clock. */
  now?: () => number;
  prefix?: string;
}

/** Query pairs in the order given; arrays become repeated keys. Undefined and null are dropped. */
export function queryPairs(query: Record<string, QueryValue> = {}): QueryPair[] {
  return Object.entries(query).flatMap(([key, value]): QueryPair[] =>
    value === undefined || value === null ? [] : Array.isArray(value) ? value.map((v) => [key, String(v)] as const) : [[key, String(value)] as const],
  );
}

/** The three HMAC headers for one request. */
export function signedHeaders(credentials: { publicToken: string; privateToken: string }, pairs: readonly QueryPair[], body: string | undefined, timestamp: string): Record<string, string> {
  return {
    'Public-Token': credentials.publicToken,
    Timestamp: timestamp,
    Sign: sign(credentials.privateToken, stringToSign(pairs, timestamp, body)),
  };
}

/** How far back a repeated request's timestamp may step (the server accepts 15 minutes); signatures are remembered as long. */
const MAX_STEP_BACK_SECONDS = 60;

export class PlauditClient {
  private readonly transport: Transport;
  private readonly prefix: string;
  /** Signatures sent recently (signature → timestamp), so a deliberate repeat is never a replay. */
  private readonly sent = new Map<string, number>();

  constructor(private readonly options: ClientOptions) {
    if (!options.transport && !options.baseUrl) throw new Error('PlauditClient needs baseUrl or transport');
    this.transport = options.transport ?? fetchTransport(options.baseUrl!);
    this.prefix = options.prefix ?? '/api/v1/openapi';
  }

  /** Sends one signed call and returns the parsed envelope (whatever its code). */
  async call<T>(method: 'GET' | 'POST', endpoint: string, input: { query?: Record<string, QueryValue>; body?: unknown } = {}): Promise<Envelope<T>> {
    const pairs = queryPairs(input.query);
    const body = input.body === undefined ? undefined : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    const headers = this.uniqueSignature(pairs, body);
    const search = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const response = await this.transport({
      method,
      url: `${this.prefix}/${endpoint}${search ? `?${search}` : ''}`,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
    });
    try {
      return JSON.parse(response.body) as Envelope<T>;
    } catch {
      throw new Error(`HTTP ${response.status}: response is not JSON`);
    }
  }

  /**
   * The server refuses a write whose signature it has already seen (replay protection), and the
   * signature covers only query, timestamp and body: sending the same request twice in one second
   * would repeat it. Such a repeat is signed with an earlier second instead.
   */
  private uniqueSignature(pairs: readonly QueryPair[], body: string | undefined): Record<string, string> {
    const now = this.options.now ? this.options.now() : Math.floor(Date.now() / 1000);
    for (const [signature, timestamp] of this.sent) if (timestamp < now - MAX_STEP_BACK_SECONDS) this.sent.delete(signature);
    let timestamp = now;
    let headers = signedHeaders(this.options, pairs, body, String(timestamp));
    while (this.sent.has(headers.Sign!) && timestamp > now - MAX_STEP_BACK_SECONDS) {
      headers = signedHeaders(this.options, pairs, body, String(--timestamp));
    }
    this.sent.set(headers.Sign!, timestamp);
    return headers;
  }

  getReview(id: string | number) {
    return this.call<Review>('GET', 'get_review', { query: { id } });
  }

  getReviews(query: Omit<GetReviewsQuery, 'product_ids' | 'ratings' | 'sources'> & { product_ids?: QueryValue; ratings?: QueryValue; sources?: QueryValue } = {}) {
    return this.call<{ page: { page: number; page_size: number; total_page: number; count: number }; list: Review[] }>('GET', 'get_reviews', { query });
  }

  createReview(review: CreateReviewBody) {
    return this.call<Review>('POST', 'create_review', { body: review });
  }

  deleteReview(id: string | number) {
    return this.call<Record<string, never>>('POST', 'delete_review', { body: { id } });
  }

  getRating(query: GetRatingQuery) {
    return this.call<Rating>('GET', 'get_rating', { query: { ...query } });
  }
}
