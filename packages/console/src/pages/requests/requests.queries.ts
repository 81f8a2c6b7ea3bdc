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

type TextsPath = { shop_id: string; email_type: string; locale: string };
const textsKey = (p: TextsPath) => ['shops', p.shop_id, 'settings', 'email-texts', p.email_type, p.locale] as const;
const fetchTexts = (path: TextsPath) => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/email-texts/{email_type}/{locale}', { params: { path } }));
export type EmailTexts = Awaited<ReturnType<typeof fetchTexts>>;
export type TextParts = Pick<EmailTexts, 'subject' | 'heading' | 'body' | 'button'>;

/** The shop's wording of one email type in one language ('' parts: the built-in text). */
export function useEmailTexts(path: TextsPath) {
  return useQuery({ queryKey: textsKey(path), queryFn: () => fetchTexts(path) });
}

export function useSaveEmailTexts(path: TextsPath) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TextParts) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/email-texts/{email_type}/{locale}', { params: { path }, body })),
    onSuccess: (saved) => client.setQueryData(textsKey(path), saved),
  });
}

/** The email rendered with a wording that need not be saved. */
export function usePreviewEmail(path: TextsPath) {
  return useMutation({
    mutationFn: (body: TextParts) => unwrap(api.POST('/admin/api/v1/shops/{shop_id}/settings/email-texts/{email_type}/{locale}/preview', { params: { path }, body })),
  });
}
