import { LRUCache } from 'lru-cache';
import type { Db } from '../db/database.ts';

/** What a listed review's cached JSON must still match: anything that changes its Review output. */
export interface ReviewStamp {
  id: number;
  updated_at: number;
  product_title: string | null;
  product_handle: string | null;
}

interface Entry {
  stamp: ReviewStamp;
  json: string;
}

/** About 16 MB of review JSON per database (strings are counted at 2 bytes a character). */
const BUDGET_CHARS = 8 * 1024 * 1024;

/**
 * Review JSON texts of recently listed reviews, least recently used dropped first. An entry
 * is used only when the stamp just read from the database in the same query (updated_at,
 * product title and handle) equals the cached one, so it is exact across processes: every
 * write to a review advances its updated_at (reviews.queries.ts, the only writer of reviews),
 * and a product rename changes the stamp. Reviews are written rarely and listed often; this
 * turns a page's 20 rows × 25 columns into one narrow index read.
 */
export class ReviewJsonCache {
  private readonly entries: LRUCache<number, Entry>;

  constructor(budgetChars = BUDGET_CHARS) {
    this.entries = new LRUCache({ maxSize: budgetChars, sizeCalculation: (entry) => Math.max(1, entry.json.length) });
  }

  get(stamp: ReviewStamp): string | undefined {
    const entry = this.entries.peek(stamp.id);
    if (!entry || !sameStamp(entry.stamp, stamp)) return undefined;
    this.entries.get(stamp.id); // now the most recently used
    return entry.json;
  }

  /** Replaces the review's entry; a text larger than the whole budget is not kept. */
  set(stamp: ReviewStamp, json: string): void {
    this.entries.set(stamp.id, { stamp, json });
  }
}

const sameStamp = (a: ReviewStamp, b: ReviewStamp) => a.updated_at === b.updated_at && a.product_title === b.product_title && a.product_handle === b.product_handle;

const caches = new WeakMap<Db, ReviewJsonCache>();

/** The cache of one database handle (ids are unique only within a database). */
export function reviewJsonCacheOf(db: Db): ReviewJsonCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ReviewJsonCache()));
  return cache;
}
