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
 * write to a review advances its updated_at (see `nextUpdatedAt`), and a product rename
 * changes the stamp. Reviews are written rarely and listed often; this turns a page's 20
 * rows × 25 columns into one narrow index read.
 */
export class ReviewJsonCache {
  private readonly entries = new Map<number, Entry>();
  private chars = 0;

  constructor(private readonly budgetChars = BUDGET_CHARS) {}

  get(stamp: ReviewStamp): string | undefined {
    const entry = this.entries.get(stamp.id);
    if (!entry || !sameStamp(entry.stamp, stamp)) return undefined;
    this.entries.delete(stamp.id);
    this.entries.set(stamp.id, entry);
    return entry.json;
  }

  set(stamp: ReviewStamp, json: string): void {
    const previous = this.entries.get(stamp.id);
    if (previous) {
      this.entries.delete(stamp.id);
      this.chars -= previous.json.length;
    }
    if (json.length > this.budgetChars) return;
    this.entries.set(stamp.id, { stamp, json });
    this.chars += json.length;
    for (const [id, entry] of this.entries) {
      if (this.chars <= this.budgetChars) break;
      this.entries.delete(id);
      this.chars -= entry.json.length;
    }
  }
}

const sameStamp = (a: ReviewStamp, b: ReviewStamp) =>
  a.updated_at === b.updated_at && a.product_title === b.product_title && a.product_handle === b.product_handle;

const caches = new WeakMap<Db, ReviewJsonCache>();

/** The cache of one database handle (ids are unique only within a database). */
export function reviewJsonCacheOf(db: Db): ReviewJsonCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ReviewJsonCache()));
  return cache;
}
