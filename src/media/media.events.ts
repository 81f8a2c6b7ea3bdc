import type { EventSink } from '../events/events.ts';
import { keyOfMediaUrl } from './media.keys.ts';
import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import { enqueueDeletion, markReferenced, uploadsOfShop } from './media.queries.ts';

/**
 * A review may show one of our own media URLs only once its file is stored (an upload that
 * failed half-way, e.g. while the object store was down, has no stored row): otherwise the
 * review would point at a missing file. Throwing here rolls the review back.
 */
async function requireStoredFiles(trx: Db, review: unknown, mediaBaseUrl: string): Promise<void> {
  const items = (review as ReviewMediaShape | null)?.media ?? [];
  const wanted = items.map((m, i) => ({ i, key: m.url ? keyOfMediaUrl(m.url, mediaBaseUrl) : null })).filter((w): w is { i: number; key: string } => w.key !== null);
  if (wanted.length === 0) return;
  const stored = new Set(
    (
      await trx
        .selectFrom('media_uploads')
        .select('object_key')
        .where('status', '=', 'stored')
        .where(
          'object_key',
          'in',
          wanted.map((w) => w.key),
        )
        .execute()
    ).map((r) => r.object_key),
  );
  const missing = wanted.find((w) => !stored.has(w.key));
  if (missing) throw invalidArgument(`media[${missing.i}].url`, 'is not a stored upload (upload it again)');
}

interface ReviewMediaShape {
  media?: Array<{ url?: string; thumbnail_url?: string }>;
}

/** The keys of our own objects that a review shows. */
function keysOf(review: unknown, mediaBaseUrl: string): string[] {
  const items = (review as ReviewMediaShape | null)?.media ?? [];
  const keys = items.flatMap((m) => [m.url, m.thumbnail_url]).map((url) => (url ? keyOfMediaUrl(url, mediaBaseUrl) : null));
  return [...new Set(keys.filter((k): k is string => k !== null))];
}

/**
 * Reacts to review events inside the review's transaction: a created review marks the
 * shop's uploads it shows as referenced (so cleanup keeps them); a deleted review (not a
 * hidden one, which keeps its files) enqueues the removal of its files, done later by the
 * worker, never in the request.
 * Only objects owned by the review's own shop are ever touched.
 */
export function mediaEventSink(options: { mediaBaseUrl: string }): EventSink {
  return {
    async emit(trx, event) {
      if (event.type !== 'review.created' && event.type !== 'review.deleted') return;
      const keys = keysOf(event.data, options.mediaBaseUrl);
      if (keys.length === 0) return;
      if (event.type === 'review.created') {
        await requireStoredFiles(trx, event.data, options.mediaBaseUrl);
        await markReferenced(trx, event.shopId, keys, event.occurredAt);
        return;
      }
      for (const { object_key } of await uploadsOfShop(trx, event.shopId, keys)) {
        await enqueueDeletion(trx, event.shopId, object_key, event.occurredAt);
      }
    },
  };
}
