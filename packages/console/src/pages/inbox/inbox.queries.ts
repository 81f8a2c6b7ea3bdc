import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { HideReason } from '../../reviews/review-labels';
import { apiQuery, jobFilter, type InboxFilter } from './inbox.filters';

const PAGE_SIZE = 50;

async function fetchInboxPage(shopId: string, filter: InboxFilter, cursor?: string) {
  return unwrap(
    api.GET('/admin/api/v1/shops/{shop_id}/reviews', {
      params: { path: { shop_id: shopId }, query: { ...apiQuery(filter), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } as never },
    }),
  );
}
export type InboxPage = Awaited<ReturnType<typeof fetchInboxPage>>;
export type ReviewItem = InboxPage['items'][number];

export const inboxKey = (shopId: string) => ['shops', shopId, 'reviews'] as const;

export function useInbox(shopId: string, filter: InboxFilter) {
  return useInfiniteQuery({
    queryKey: [...inboxKey(shopId), 'list', filter],
    queryFn: ({ pageParam }) => fetchInboxPage(shopId, filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Publish or hide one review from the inbox (keys p and h). */
export function useModerate(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ reviewId, action, reason }: { reviewId: string; action: 'publish' | 'hide'; reason?: HideReason }) =>
      action === 'publish'
        ? unwrap(api.POST('/admin/api/v1/shops/{shop_id}/reviews/{review_id}/publish', { params: { path: { shop_id: shopId, review_id: reviewId } } }))
        : unwrap(api.POST('/admin/api/v1/shops/{shop_id}/reviews/{review_id}/hide', { params: { path: { shop_id: shopId, review_id: reviewId } }, body: { reason: reason ?? 'other' } })),
    onSuccess: () => client.invalidateQueries({ queryKey: inboxKey(shopId) }),
  });
}

export type BulkAction = 'publish' | 'hide' | 'feature' | 'unfeature' | 'pin' | 'unpin' | 'tag' | 'delete';
export interface BulkRequest {
  action: BulkAction;
  reason?: HideReason;
  tag?: string;
  reviewIds?: string[];
  filter?: InboxFilter;
}

export function useStartJob(shopId: string) {
  return useMutation({
    mutationFn: ({ action, reason, tag, reviewIds, filter }: BulkRequest) =>
      unwrap(
        api.POST('/admin/api/v1/shops/{shop_id}/review-jobs', {
          params: { path: { shop_id: shopId } },
          body: { action, ...(reason ? { reason } : {}), ...(tag !== undefined ? { tag } : {}), ...(reviewIds ? { review_ids: reviewIds } : { filter: jobFilter(filter ?? {}) }) } as never,
        }),
      ),
  });
}

/** A bulk job's progress, polled until it is done or failed. */
export function useJob(shopId: string, jobId: string | null) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['shops', shopId, 'review-jobs', jobId],
    enabled: jobId !== null,
    queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/review-jobs/{job_id}', { params: { path: { shop_id: shopId, job_id: jobId! } } })),
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'done' || q.state.data.status === 'failed') ? false : 500),
  });
  const finished = query.data?.status === 'done' || query.data?.status === 'failed';
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: inboxKey(shopId) });
  }, [finished, client, shopId]);
  return query;
}

/** New and changed reviews arrive without a reload: polls the changes feed and refreshes the inbox. */
export function useReviewChanges(shopId: string, intervalMs = 15_000) {
  const client = useQueryClient();
  const since = useRef<string | null>(null);
  const [arrived, setArrived] = useState(0);
  useEffect(() => {
    since.current = null;
    setArrived(0);
    let stopped = false;
    const poll = async () => {
      try {
        const changes = await unwrap(
          api.GET('/admin/api/v1/shops/{shop_id}/reviews/changes', { params: { path: { shop_id: shopId }, query: (since.current ? { since: since.current } : {}) as never } }),
        );
        if (stopped) return;
        if (since.current !== null && changes.items.length > 0) {
          setArrived((n) => n + changes.items.length);
          void client.invalidateQueries({ queryKey: inboxKey(shopId) });
        }
        since.current = changes.since;
      } catch {
        // The next round tries again; a lost session shows on the inbox query itself.
      }
    };
    void poll();
    const timer = setInterval(poll, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [shopId, intervalMs, client]);
  return { arrived, acknowledge: () => setArrived(0) };
}
