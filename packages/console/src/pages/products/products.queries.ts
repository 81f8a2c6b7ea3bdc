import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const fetchProducts = (shopId: string, q: string, cursor?: string) =>
  unwrap(api.GET('/admin/api/v1/shops/{shop_id}/products', { params: { path: { shop_id: shopId }, query: { limit: 50, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } as never } }));

export function useProducts(shopId: string, q: string) {
  return useInfiniteQuery({
    queryKey: ['shops', shopId, 'products', q],
    queryFn: ({ pageParam }) => fetchProducts(shopId, q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
