import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { HideReason } from '../../reviews/review-labels';

const reviewKey = (shopId: string, reviewId: string) => ['shops', shopId, 'reviews', 'detail', reviewId] as const;

async function fetchReview(shopId: string, reviewId: string) {
  return unwrap(api.GET('/admin/api/v1/shops/{shop_id}/reviews/{review_id}', { params: { path: { shop_id: shopId, review_id: reviewId } } }));
}
export type ReviewDetail = Awaited<ReturnType<typeof fetchReview>>;

export function useReview(shopId: string, reviewId: string) {
  return useQuery({ queryKey: reviewKey(shopId, reviewId), queryFn: () => fetchReview(shopId, reviewId) });
}

export type ReviewChange =
  | { kind: 'publish' }
  | { kind: 'hide'; reason: HideReason }
  | { kind: 'update'; featured?: boolean; pinned?: boolean; tag?: string }
  | { kind: 'reply'; content: string }
  | { kind: 'remove-reply' }
  | { kind: 'media'; index: number; hidden: boolean };

/** Every change of one review answers the updated review; the inbox lists are refreshed too. */
export function useChangeReview(shopId: string, reviewId: string) {
  const client = useQueryClient();
  const path = { shop_id: shopId, review_id: reviewId };
  return useMutation({
    mutationFn: (change: ReviewChange): Promise<ReviewDetail> => {
      switch (change.kind) {
        case 'publish':
          return unwrap(api.POST('/admin/api/v1/shops/{shop_id}/reviews/{review_id}/publish', { params: { path } }));
        case 'hide':
          return unwrap(api.POST('/admin/api/v1/shops/{shop_id}/reviews/{review_id}/hide', { params: { path }, body: { reason: change.reason } }));
        case 'update': {
          const { kind: _kind, ...body } = change;
          return unwrap(api.PATCH('/admin/api/v1/shops/{shop_id}/reviews/{review_id}', { params: { path }, body }));
        }
        case 'reply':
          return unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/reviews/{review_id}/reply', { params: { path }, body: { content: change.content } }));
        case 'remove-reply':
          return unwrap(api.DELETE('/admin/api/v1/shops/{shop_id}/reviews/{review_id}/reply', { params: { path } }));
        case 'media':
          return unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/reviews/{review_id}/media/{index}', { params: { path: { ...path, index: String(change.index) } }, body: { hidden: change.hidden } }));
      }
    },
    onSuccess: (review) => {
      client.setQueryData(reviewKey(shopId, reviewId), review);
      void client.invalidateQueries({ queryKey: ['shops', shopId, 'reviews', 'list'] });
    },
  });
}

export function useDeleteReview(shopId: string, reviewId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/admin/api/v1/shops/{shop_id}/reviews/{review_id}', { params: { path: { shop_id: shopId, review_id: reviewId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['shops', shopId, 'reviews'] }),
  });
}
