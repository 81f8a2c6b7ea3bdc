import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const fetchDashboard = (shopId: string) => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/dashboard', { params: { path: { shop_id: shopId } } }));
export type Dashboard = Awaited<ReturnType<typeof fetchDashboard>>;

export function useDashboard(shopId: string) {
  return useQuery({ queryKey: ['shops', shopId, 'dashboard'], queryFn: () => fetchDashboard(shopId) });
}
