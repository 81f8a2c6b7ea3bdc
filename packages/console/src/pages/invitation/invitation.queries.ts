import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from '../../api/client';

export function useInvitation(token: string) {
  return useQuery({ queryKey: ['invitation', token], queryFn: () => unwrap(api.GET('/admin/api/v1/invitations/{token}', { params: { path: { token } } })) });
}

export function useAcceptInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; password?: string }) => unwrap(api.POST('/admin/api/v1/invitations/accept', { body })),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token);
      void client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}
