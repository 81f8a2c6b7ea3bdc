import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const fetchModeration = (shopId: string) => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/moderation', { params: { path: { shop_id: shopId } } }));
export type ModerationSettings = Awaited<ReturnType<typeof fetchModeration>>;

export function useModerationRule(shopId: string) {
  return useQuery({ queryKey: ['shops', shopId, 'settings', 'moderation'], queryFn: () => fetchModeration(shopId) });
}

export function useSaveModerationRules(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ModerationSettings) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/moderation', { params: { path: { shop_id: shopId } }, body })),
    onSuccess: (saved) => client.setQueryData(['shops', shopId, 'settings', 'moderation'], saved),
  });
}

export function useSaveModerationRule(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (minPublishRating: number) =>
      unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/moderation', { params: { path: { shop_id: shopId } }, body: { min_publish_rating: minPublishRating } })),
    onSuccess: (saved) => client.setQueryData(['shops', shopId, 'settings', 'moderation'], saved),
  });
}

export function useTransparency(shopId: string) {
  return useQuery({
    queryKey: ['shops', shopId, 'settings', 'transparency'],
    queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/transparency', { params: { path: { shop_id: shopId } } })),
  });
}

export function useSaveTransparency(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/transparency', { params: { path: { shop_id: shopId } }, body: { enabled } })),
    onSuccess: (saved) => client.setQueryData(['shops', shopId, 'settings', 'transparency'], saved),
  });
}

export function useShopInfo(shopId: string) {
  return useQuery({ queryKey: ['shops', shopId, 'info'], queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}', { params: { path: { shop_id: shopId } } })) });
}

export function useAlerts(shopId: string) {
  return useQuery({ queryKey: ['shops', shopId, 'settings', 'alerts'], queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/alerts', { params: { path: { shop_id: shopId } } })) });
}

export function useSaveAlerts(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { enabled: boolean; max_rating: number }) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/alerts', { params: { path: { shop_id: shopId } }, body })),
    onSuccess: (saved) => client.setQueryData(['shops', shopId, 'settings', 'alerts'], saved),
  });
}

const fetchAppearance = (shopId: string) => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/appearance', { params: { path: { shop_id: shopId } } }));
export type WidgetAppearance = Awaited<ReturnType<typeof fetchAppearance>>;

export function useAppearance(shopId: string) {
  return useQuery({ queryKey: ['shops', shopId, 'settings', 'appearance'], queryFn: () => fetchAppearance(shopId) });
}

export function useSaveAppearance(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WidgetAppearance) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/appearance', { params: { path: { shop_id: shopId } }, body })),
    onSuccess: (saved) => client.setQueryData(['shops', shopId, 'settings', 'appearance'], saved),
  });
}
