import type { Migration } from 'kysely';
import * as m0001 from './0001_shops.ts';
import * as m0002 from './0002_products.ts';
import * as m0003 from './0003_reviews.ts';
import * as m0004 from './0004_rating_summaries.ts';

/**
 * Every migration, in order. Names sort in application order. Never edit one that
 * has landed: add a new file and list it here.
 */
export const migrations: Record<string, Migration> = {
  '0001_shops': m0001,
  '0002_products': m0002,
  '0003_reviews': m0003,
  '0004_rating_summaries': m0004,
};
