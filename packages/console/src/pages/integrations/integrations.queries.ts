import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export function useCredentials(shopId: string) {
  return useQuery({ queryKey: ['shops', shopId, 'credentials'], queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/credentials', { params: { path: { shop_id: shopId } } })) });
}

export function useRotateCredentials(shopId: string) {
  return useMutation({ mutationFn: () => unwrap(api.POST('/admin/api/v1/shops/{shop_id}/credentials/rotate', { params: { path: { shop_id: shopId } } })) });
}

const webhooksKey = (shopId: string) => ['shops', shopId, 'webhooks'] as const;

export function useWebhooks(shopId: string) {
  return useQuery({ queryKey: webhooksKey(shopId), queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/webhooks', { params: { path: { shop_id: shopId } } })) });
}

export function useAddWebhook(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { topic: string; url: string }) => unwrap(api.POST('/admin/api/v1/shops/{shop_id}/webhooks', { params: { path: { shop_id: shopId } }, body: body as never })),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey(shopId) }),
  });
}

export function useRemoveWebhook(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) => unwrap(api.DELETE('/admin/api/v1/shops/{shop_id}/webhooks/{webhook_id}', { params: { path: { shop_id: shopId, webhook_id: webhookId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey(shopId) }),
  });
}

export interface Delivery {
  id: string;
  topic: string;
  status: string;
  created_at: string | null;
  attempts?: unknown[];
}

/** The subscription's latest deliveries (newest first, at most 100). */
export function useDeliveries(shopId: string, webhookId: string | null) {
  return useQuery({
    queryKey: ['shops', shopId, 'webhooks', webhookId, 'deliveries'],
    enabled: webhookId !== null,
    queryFn: async () => {
      const page = await unwrap(api.GET('/admin/api/v1/shops/{shop_id}/webhooks/{webhook_id}/deliveries', { params: { path: { shop_id: shopId, webhook_id: webhookId! } } }));
      return page.items as Delivery[];
    },
  });
}

export function useRedeliver(shopId: string, webhookId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      unwrap(
        api.POST('/admin/api/v1/shops/{shop_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver', { params: { path: { shop_id: shopId, webhook_id: webhookId, delivery_id: deliveryId } } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['shops', shopId, 'webhooks', webhookId, 'deliveries'] }),
  });
}

export function usePlatforms(shopId: string) {
  return useQuery({ queryKey: ['shops', shopId, 'platforms'], queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/platforms', { params: { path: { shop_id: shopId } } })) });
}

export function useDisconnectPlatform(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (platformId: string) => unwrap(api.DELETE('/admin/api/v1/shops/{shop_id}/platforms/{platform_id}', { params: { path: { shop_id: shopId, platform_id: platformId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['shops', shopId, 'platforms'] }),
  });
}

export function useShopify(shopId: string) {
  return useQuery({ queryKey: ['shops', shopId, 'shopify'], queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/shopify', { params: { path: { shop_id: shopId } } })) });
}

export function useSaveShopify(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (appSecret: string) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/shopify', { params: { path: { shop_id: shopId } }, body: { app_secret: appSecret } })),
    onSuccess: (saved) => client.setQueryData(['shops', shopId, 'shopify'], saved),
  });
}
