import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export function useRequestReset() {
  return useMutation({ mutationFn: (email: string) => unwrap(api.POST('/admin/api/v1/password-reset', { body: { email } })) });
}

export function useConfirmReset() {
  return useMutation({
    mutationFn: (body: { token: string; new_password: string }) => unwrap(api.POST('/admin/api/v1/password-reset/confirm', { body })),
  });
}
