import type { Kysely } from 'kysely';
import { EARLIER_KEYS_MARKER } from '../../http/replay.table.ts';

/** Signatures stay remembered for 15 minutes; twice that covers a rolling restart across the upgrade. */
const TRANSITION_SECONDS = 2 * 15 * 60;

/**
 * The replay guard's keys now begin with the request's Timestamp, so the signatures of one
 * commit sort together (src/http/replay-guard.ts). On a database in use (it has a shop), the
 * signatures remembered so far are under the earlier keys: this records, as a marker row, until
 * when new processes record and look up the earlier key as well. A new database needs no marker.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const inUse = await db.selectFrom('shops').select('id').limit(1).executeTakeFirst();
  if (!inUse) return;
  const until = Math.floor(Date.now() / 1000) + TRANSITION_SECONDS;
  await db
    .insertInto('hmac_signatures')
    .values({ signature_key: EARLIER_KEYS_MARKER, expires_at: until })
    .onConflict((oc) => oc.column('signature_key').doUpdateSet({ expires_at: until }))
    .execute();
}
