import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ProblemError, setCsrfToken, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Session = Awaited<ReturnType<typeof fetchSession>>;

async function fetchSession() {
  const session = await unwrap(api.GET('/admin/api/v1/session'));
  setCsrfToken(session.csrf_token);
  return session;
}

/** The signed-in account and its shops, or null when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        return await fetchSession();
      } catch (error) {
        if (error instanceof ProblemError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/admin/api/v1/session')),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(['session'], null);
    },
  });
}

export type Membership = Session['memberships'][number];
export type { components };
