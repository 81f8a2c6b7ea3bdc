import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from '../../api/client';

export function useSetupNeeded() {
  return useQuery({ queryKey: ['setup'], queryFn: () => unwrap(api.GET('/admin/api/v1/setup')), staleTime: Infinity });
}

export interface SetupInput {
  token: string;
  email: string;
  password: string;
  shop_domain: string;
  shop_name: string;
}

export function useRunSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SetupInput) => unwrap(api.POST('/admin/api/v1/setup', { body })),
    onSuccess: (result) => {
      setCsrfToken(result.csrf_token);
      client.setQueryData(['setup'], { needed: false });
      // The session (with its shops) is read anew when the console opens.
      void client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}
