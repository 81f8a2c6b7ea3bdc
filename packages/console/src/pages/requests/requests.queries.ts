import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const key = (shopId: string) => ['shops', shopId, 'settings', 'review-requests'] as const;
const fetchSettings = (shopId: string) => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/review-requests', { params: { path: { shop_id: shopId } } }));
export type RequestSettings = Awaited<ReturnType<typeof fetchSettings>>;

export function useRequestSettings(shopId: string) {
  return useQuery({ queryKey: key(shopId), queryFn: () => fetchSettings(shopId) });
}

export function useSaveRequestSettings(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestSettings) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/review-requests', { params: { path: { shop_id: shopId } }, body: body as never })),
    onSuccess: (saved) => client.setQueryData(key(shopId), saved),
  });
}
