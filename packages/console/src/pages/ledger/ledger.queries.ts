import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const fetchLedgerPage = (shopId: string, cursor?: string) =>
  unwrap(api.GET('/admin/api/v1/shops/{shop_id}/ledger', { params: { path: { shop_id: shopId }, query: { limit: 50, ...(cursor ? { cursor } : {}) } as never } }));
export type LedgerEntry = Awaited<ReturnType<typeof fetchLedgerPage>>['items'][number];

export function useLedger(shopId: string) {
  return useInfiniteQuery({
    queryKey: ['shops', shopId, 'ledger'],
    queryFn: ({ pageParam }) => fetchLedgerPage(shopId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The export is a download served by the API (content-disposition: attachment). */
export const ledgerExportUrl = (shopId: string, format: 'jsonl' | 'csv') => `/admin/api/v1/shops/${encodeURIComponent(shopId)}/ledger/export?format=${format}`;
