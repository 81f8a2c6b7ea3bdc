import { lazy, Suspense, type ComponentType } from 'react';
import { Center, Loader } from '@mantine/core';
import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession, FirstShop } from '../session/RequireSession';
import { ShopLayout } from './ShopLayout';
import { NotFoundPage } from './NotFoundPage';

// Every page is its own chunk, fetched when its URL is first opened.
const page = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return (
    <Suspense
      fallback={
        <Center h={240}>
          <Loader aria-label="Loading" />
        </Center>
      }
    >
      <Page />
    </Suspense>
  );
};

export const router = createBrowserRouter(
  [
    { path: '/setup', element: page(() => import('../pages/setup/SetupPage')) },
    { path: '/sign-in', element: page(() => import('../pages/sign-in/SignInPage')) },
    { path: '/reset-password', element: page(() => import('../pages/reset-password/ResetPasswordPage')) },
    { path: '/invitations/accept', element: page(() => import('../pages/invitation/InvitationPage')) },
    {
      element: <RequireSession />,
      children: [
        { index: true, element: <FirstShop /> },
        { path: '/account', element: page(() => import('../pages/account/AccountPage')) },
        {
          path: '/shops/:shopId',
          element: <ShopLayout />,
          children: [
            { index: true, element: page(() => import('../pages/dashboard/DashboardPage')) },
            { path: 'reviews', element: page(() => import('../pages/inbox/InboxPage')) },
            { path: 'reviews/:reviewId', element: page(() => import('../pages/review/ReviewPage')) },
            { path: 'questions', element: page(() => import('../pages/questions/QuestionsPage')) },
            { path: 'products', element: page(() => import('../pages/products/ProductsPage')) },
            { path: 'requests', element: page(() => import('../pages/requests/RequestsPage')) },
            { path: 'storefront', element: page(() => import('../pages/storefront/StorefrontPage')) },
            { path: 'integrations', element: page(() => import('../pages/integrations/IntegrationsPage')) },
            { path: 'team', element: page(() => import('../pages/team/TeamPage')) },
            { path: 'ledger', element: page(() => import('../pages/ledger/LedgerPage')) },
          ],
        },
      ],
    },
    { path: '/index.html', element: <Navigate to="/" replace /> },
    { path: '*', element: <NotFoundPage /> },
  ],
  { basename: '/admin' },
);
