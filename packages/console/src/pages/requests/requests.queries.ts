import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const key = (shopId: string) => ['shops', shopId, 'settings', 'review-requests'] as const;
const fetchSettings = (shopId: string) => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/review-requests', { params: { path: { shop_id: shopId } } }));
export type RequestSettings = Awaited<ReturnType<typeof fetchSettings>>;

/** The form's shape: 0 stands for "none" in the number fields. */
export interface RequestForm {
  enabled: boolean;
  delay_days: number;
  reminder1: number;
  reminder2: number;
  reminder3: number;
  remind_only_engaged: boolean;
  postpone_days: number;
  daily_cap: number;
  sender_name: string;
  product_ids: string[];
  language: RequestSettings['language'];
}

export const formOf = (s: RequestSettings): RequestForm => ({
  enabled: s.enabled,
  delay_days: s.delay_days,
  reminder1: s.reminder_days ?? 0,
  reminder2: s.reminder2_days ?? 0,
  reminder3: s.reminder3_days ?? 0,
  remind_only_engaged: s.remind_only_engaged,
  postpone_days: s.postpone_days,
  daily_cap: s.daily_cap ?? 0,
  sender_name: s.sender_name,
  product_ids: s.product_ids,
  language: s.language,
});

/** A reminder of 0 ends the sequence there: the later ones are dropped. */
export function settingsOf(f: RequestForm): RequestSettings {
  const [first, second, third] = [f.reminder1, f.reminder2, f.reminder3].map((d) => (d > 0 ? d : null));
  return {
    enabled: f.enabled,
    delay_days: f.delay_days,
    reminder_days: first ?? null,
    reminder2_days: first ? (second ?? null) : null,
    reminder3_days: first && second ? (third ?? null) : null,
    remind_only_engaged: f.remind_only_engaged,
    postpone_days: f.postpone_days,
    daily_cap: f.daily_cap > 0 ? f.daily_cap : null,
    sender_name: f.sender_name,
    product_ids: f.product_ids,
    language: f.language,
  };
}

export function useRequestSettings(shopId: string) {
  return useQuery({ queryKey: key(shopId), queryFn: () => fetchSettings(shopId) });
}

export function useSaveRequestSettings(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestSettings) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/review-requests', { params: { path: { shop_id: shopId } }, body })),
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
