import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { API_APPLICATION_NAME, type Db } from '../db/database.ts';

/** How long the API counts as busy after it was last seen busy (as for the in-process API). */
export const BUSY_FOR_MS = 250;
const SAMPLE_EVERY_MS = 50;

/**
 * For a worker in its own process (ROLE=worker) on PostgreSQL: is an API process of this
 * database serving requests? A sample asks pg_stat_activity whether a session named
 * `apiApplicationName` is running a statement or a transaction; samples are taken at most every
 * 50 ms and only while the worker asks (it asks only when it has a backlog). The answer is
 * advisory: when the sample fails, the worker works at full speed.
 */
export function postgresApiActivity(db: Db, apiApplicationName = API_APPLICATION_NAME): () => boolean {
  let lastSampleAt = -Infinity;
  let lastBusyAt = -Infinity;
  let sampling = false;
  const sample = async () => {
    sampling = true;
    try {
      const { rows } = await sql<{ active: number }>`
        select count(*)::int as active from pg_stat_activity
        where datname = current_database() and application_name = ${apiApplicationName}
          and state in ('active', 'idle in transaction')`.execute(db);
      if ((rows[0]?.active ?? 0) > 0) lastBusyAt = performance.now();
    } catch {
      // No signal: treat the API as idle.
    } finally {
      sampling = false;
    }
  };
  return () => {
    const now = performance.now();
    if (!sampling && now - lastSampleAt >= SAMPLE_EVERY_MS) {
      lastSampleAt = now;
      void sample();
    }
    return now - lastBusyAt < BUSY_FOR_MS;
  };
}
