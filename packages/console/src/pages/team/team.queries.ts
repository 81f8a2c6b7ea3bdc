import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export type Role = 'owner' | 'moderator' | 'viewer';
const membersKey = (shopId: string) => ['shops', shopId, 'members'] as const;
const invitationsKey = (shopId: string) => ['shops', shopId, 'invitations'] as const;

export function useMembers(shopId: string) {
  return useQuery({ queryKey: membersKey(shopId), queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/members', { params: { path: { shop_id: shopId } } })) });
}

export function useChangeRole(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ accountId, role }: { accountId: string; role: Role }) =>
      unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/members/{account_id}', { params: { path: { shop_id: shopId, account_id: accountId } }, body: { role } })),
    onSettled: () => client.invalidateQueries({ queryKey: membersKey(shopId) }),
  });
}

export function useRemoveMember(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) => unwrap(api.DELETE('/admin/api/v1/shops/{shop_id}/members/{account_id}', { params: { path: { shop_id: shopId, account_id: accountId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey(shopId) }),
  });
}

export function useInvitations(shopId: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(shopId),
    enabled,
    queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/invitations', { params: { path: { shop_id: shopId } } })),
  });
}

export function useInvite(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: Role }) => unwrap(api.POST('/admin/api/v1/shops/{shop_id}/invitations', { params: { path: { shop_id: shopId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey(shopId) }),
  });
}

export function useCancelInvitation(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/admin/api/v1/shops/{shop_id}/invitations/{invitation_id}', { params: { path: { shop_id: shopId, invitation_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey(shopId) }),
  });
}
