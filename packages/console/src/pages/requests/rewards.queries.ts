import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const key = (shopId: string) => ['shops', shopId, 'settings', 'rewards'] as const;
const fetchRewards = (shopId: string) => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/rewards', { params: { path: { shop_id: shopId } } }));
export type RewardView = Awaited<ReturnType<typeof fetchRewards>>;
export type RewardSettings = Omit<RewardView, 'unused_codes' | 'offering'>;

/** The largest code file the console sends (the route's limit); larger files go through the CLI. */
export const MAX_CODE_FILE_BYTES = 900_000;

export const settingsOfView = (v: RewardView): RewardSettings => ({
  enabled: v.enabled,
  requires_media: v.requires_media,
  code_source: v.code_source,
  static_code: v.static_code,
  offer_text: v.offer_text,
  low_pool_threshold: v.low_pool_threshold,
});

/** The shop's reward for reviews and how many pool codes are left. */
export function useRewards(shopId: string) {
  return useQuery({ queryKey: key(shopId), queryFn: () => fetchRewards(shopId) });
}

export function useSaveRewards(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RewardSettings) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/rewards', { params: { path: { shop_id: shopId } }, body })),
    onSuccess: (saved) => client.setQueryData(key(shopId), saved),
  });
}

/** Sends a code file's text (one code per line, or a CSV's first column); the pool count is read again afterwards. */
export function useAddRewardCodes(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (codes: string) => unwrap(api.POST('/admin/api/v1/shops/{shop_id}/rewards/codes', { params: { path: { shop_id: shopId } }, body: { codes } })),
    onSuccess: () => client.invalidateQueries({ queryKey: key(shopId) }),
  });
}
