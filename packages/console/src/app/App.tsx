import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ProblemError } from '../api/client';
import { router } from './router';
import { cssVariablesResolver, theme } from './theme';

const queryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ended (idle, revoked) sends the person to sign in, then back here.
    onError: (error) => {
      if (error instanceof ProblemError && error.status === 401 && !location.pathname.startsWith('/admin/sign-in')) {
        queryClient.setQueryData(['session'], null);
        void router.navigate(`/sign-in?next=${encodeURIComponent(location.pathname.replace(/^\/admin/, '') + location.search)}`);
      }
    },
  }),
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ProblemError && error.status < 500) && count < 2, staleTime: 10_000 },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <Notifications position="top-right" />
          <RouterProvider router={router} />
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
