import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretBox } from '../lib/crypto.ts';
import { findFeedByTokenHash, findFeedOfShop, readFeedStamp, replaceFeedToken, feedReviewPage, feedSizePage, type FeedCursor, type FeedReviewRow } from './feed.queries.ts';
import { FEED_FOOTER, feedHeader, hostedProductPath, reviewXml, type FeedContext } from './feed.xml.ts';
import { xmlEscape, xsDateTime } from './xml.ts';

/** Bumped when the feed's rendering changes, so crawlers' cached copies stop validating. */
const FEED_FORMAT = 'google-2.4/1';
/** Reviews read per keyset page: large enough to amortise a query, small enough for flat memory. */
export const FEED_PAGE_SIZE = 500;

export const FEED_FILE = 'google-product-reviews.xml';
export const FEED_INDEX_FILE = 'google-product-reviews-index.xml';
export const feedPartFile = (n: number) => `google-product-reviews-${n}.xml`;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newFeedToken = () => randomBytes(24).toString('base64url');

export interface FeedDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  publicUrl: string;
}

export const feedUrlOf = (publicUrl: string, token: string, file = FEED_FILE) => `${publicUrl}/feeds/${token}/${file}`;

/** The shop's feed token, created on first use. */
async function feedToken(deps: FeedDeps, shopId: number): Promise<string> {
  const existing = await findFeedOfShop(deps.db, shopId);
  if (existing) return deps.secrets.open(existing.token_sealed);
  return rotateFeedToken(deps, shopId);
}

/** A new unguessable token; the previous URL stops working at once. */
export async function rotateFeedToken(deps: FeedDeps, shopId: number): Promise<string> {
  const token = newFeedToken();
  await replaceFeedToken(deps.db, { shop_id: shopId, token_hash: hashToken(token), token_sealed: deps.secrets.seal(token), created_at: deps.clock.now() });
  return token;
}

export async function feedUrls(deps: FeedDeps, shopId: number) {
  const token = await feedToken(deps, shopId);
  return { url: feedUrlOf(deps.publicUrl, token), index_url: feedUrlOf(deps.publicUrl, token, FEED_INDEX_FILE) };
}

export interface ResolvedFeed {
  shopId: number;
  context: FeedContext;
  tokenCreatedAt: number;
}

/** The shop behind a feed URL's token; undefined for an unknown or rotated-out token. */
export async function resolveFeed(db: Db, publicUrl: string, token: string): Promise<ResolvedFeed | undefined> {
  const found = token.length <= 128 ? await findFeedByTokenHash(db, hashToken(token)) : undefined;
  if (!found) return undefined;
  return {
    shopId: Number(found.id),
    tokenCreatedAt: Number(found.created_at),
    context: { shopDomain: found.domain, shopName: found.name, publicUrl, singleReviewPages: true },
  };
}

/**
 * The feed's version (changes with any review, product, publication or token change) and its
 * Last-Modified, from indexed reads only (no scan of the reviews).
 */
export async function feedVersion(db: Db, feed: ResolvedFeed, maxBytes: number): Promise<{ version: string; lastModified: number }> {
  const stamp = await readFeedStamp(db, feed.shopId);
  const version = createHash('sha256')
    .update(JSON.stringify([FEED_FORMAT, feed.context, feed.tokenCreatedAt, stamp, maxBytes]))
    .digest('base64url')
    .slice(0, 24);
  const lastModified = Math.max(stamp.lastReviewChange, stamp.lastProductChange, stamp.summaryChange, feed.tokenCreatedAt);
  return { version, lastModified };
}

/** A file's strong ETag: the feed version and the file. */
export const feedEtag = (version: string, file: string) => `"${version}-${createHash('sha256').update(file).digest('hex').slice(0, 8)}"`;

/** A slice of the feed in (commented_at, id) order: after `after` (exclusive) up to `until` (inclusive); null = open end. */
export interface FeedRange {
  after: FeedCursor | null;
  until: FeedCursor | null;
}

const cursorOf = (row: FeedReviewRow): FeedCursor => ({ commentedAt: Number(row.commented_at), id: Number(row.id) });
const beyond = (row: FeedReviewRow, until: FeedCursor | null) =>
  until !== null && (Number(row.commented_at) > until.commentedAt || (Number(row.commented_at) === until.commentedAt && Number(row.id) > until.id));

/**
 * Joins rendered reviews into chunks of about CHUNK_CHARS. A page joined whole (~500 KB) would be a
 * large object in V8's old space, kept until a full collection; chunks this size die young.
 */
const CHUNK_CHARS = 32 * 1024;
function* inChunks(parts: string[]): Generator<string> {
  let chunk = '';
  for (const part of parts) {
    chunk += part;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** The feed's reviews page by page (keyset pagination), rendered; memory stays one page. */
async function* renderedPages(db: Db, feed: ResolvedFeed, range: FeedRange): AsyncGenerator<string> {
  let after = range.after;
  for (;;) {
    const rows = await feedReviewPage(db, feed.shopId, after, FEED_PAGE_SIZE);
    const inRange = rows.filter((row) => !beyond(row, range.until));
    yield* inChunks(inRange.map((row) => reviewXml(feed.context, row)));
    if (rows.length < FEED_PAGE_SIZE || inRange.length < rows.length) return;
    after = cursorOf(rows.at(-1)!);
  }
}

/** One complete feed document for a range, as chunks to write one after the other (a page each). */
export async function* feedDocument(db: Db, feed: ResolvedFeed, range: FeedRange = { after: null, until: null }): AsyncGenerator<string> {
  yield feedHeader(feed.context);
  yield* renderedPages(db, feed, range);
  yield FEED_FOOTER;
}

/**
 * An upper bound of a <review>'s bytes beyond its variable text (feedSizePage): a review with every
 * optional element present, plus the longest reviewer name form and the hosted product URL.
 */
export function fixedReviewBytes(context: FeedContext): number {
  const everything: FeedReviewRow = {
    id: 1e15,
    product_id: '1',
    order_id: 'x',
    rating: 5,
    author: 'x',
    title: 'x',
    content: 'x',
    commented_at: Date.UTC(2000, 0, 1),
    source: 'Email request',
    is_verified: 1,
    is_incentivized: 0 /* "false" is the longer text */,
    media: '[{"url":"http://x","type":1,"is_published":1}]',
    product_title: 'x',
    product_handle: '',
    product_url: 'x',
    gtin: 'x',
    mpn: 'x',
    sku: 'x',
    brand: 'x',
  };
  const anonymousName = 40;
  return Buffer.byteLength(reviewXml(context, everything)) + anonymousName + Buffer.byteLength(xmlEscape(context.publicUrl + hostedProductPath(context.shopDomain, '')));
}

const SIZE_PAGE = 5_000;

/**
 * Where the feed splits so that no file exceeds maxBytes. The database bounds each review's size
 * (feedSizePage), so this pass renders nothing and keeps only the boundaries. One range when
 * everything fits. A single review larger than a file gets a file of its own.
 */
export async function planFeed(db: Db, feed: ResolvedFeed, maxBytes: number): Promise<FeedRange[]> {
  const frame = Buffer.byteLength(feedHeader(feed.context)) + Buffer.byteLength(FEED_FOOTER);
  const fixed = fixedReviewBytes(feed.context);
  const ranges: FeedRange[] = [];
  let start: FeedCursor | null = null;
  let previous: FeedCursor | null = null;
  let size = frame;
  let reviewsInPart = 0;
  for (;;) {
    const rows = await feedSizePage(db, feed.shopId, previous, SIZE_PAGE);
    for (const row of rows) {
      const bytes = fixed + Number(row.variable_bytes);
      if (reviewsInPart > 0 && size + bytes > maxBytes) {
        ranges.push({ after: start, until: previous });
        start = previous;
        size = frame;
        reviewsInPart = 0;
      }
      size += bytes;
      reviewsInPart += 1;
      previous = { commentedAt: Number(row.commented_at), id: Number(row.id) };
    }
    if (rows.length < SIZE_PAGE) break;
  }
  ranges.push({ after: start, until: null });
  return ranges;
}

/** Plans per (shop, validators): a crawler fetching the index and then every file plans once. */
const plans = new Map<string, Promise<FeedRange[]>>();
const MAX_PLANS = 100;

export function cachedPlan(db: Db, feed: ResolvedFeed, version: string, maxBytes: number): Promise<FeedRange[]> {
  const key = `${feed.shopId}:${version}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = planFeed(db, feed, maxBytes);
    plan.catch(() => plans.delete(key));
    if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value!);
    plans.set(key, plan);
  }
  return plan;
}

/** The index document: the numbered files that together make the feed. */
export function feedIndexXml(publicUrl: string, token: string, parts: number, lastModified: number): string {
  const files = Array.from(
    { length: parts },
    (_, i) => `<feed_file><url>${xmlEscape(feedUrlOf(publicUrl, token, feedPartFile(i + 1)))}</url><lastmod>${xsDateTime(lastModified)}</lastmod></feed_file>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed_index>\n${files.join('\n')}\n</feed_index>\n`;
}
