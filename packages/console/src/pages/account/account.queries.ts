import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from '../../api/client';

export function useSessions() {
  return useQuery({ queryKey: ['sessions'], queryFn: () => unwrap(api.GET('/admin/api/v1/sessions')) });
}

export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => unwrap(api.DELETE('/admin/api/v1/sessions/{session_id}', { params: { path: { session_id: sessionId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
}

/** Ends every session of the account, this one included. */
export function useSignOutEverywhere() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/admin/api/v1/sessions')),
    onSuccess: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(['session'], null);
    },
  });
}

export function useCreateShop() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { domain: string; name?: string }) => unwrap(api.POST('/admin/api/v1/shops', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['session'] }),
  });
}

/** A new password; the account's other sessions end. */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) => unwrap(api.PUT('/admin/api/v1/account/password', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
}

export function useStartTotp() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/admin/api/v1/account/totp')) });
}

export function useConfirmTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/admin/api/v1/account/totp/confirm', { body: { code } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['session'] }),
  });
}

export function useDisableTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => unwrap(api.DELETE('/admin/api/v1/account/totp', { body: { password } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['session'] }),
  });
}
