import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from './session.queries';

/** Pages behind sign-in: without a session, the sign-in page (which comes back here). */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (!session.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}

/** /admin/ opens the first shop the account belongs to. */
export function FirstShop() {
  const session = useSession();
  const first = session.data?.memberships[0];
  if (!first) return <Navigate to="/account" replace />;
  return <Navigate to={`/shops/${first.shop_id}`} replace />;
}
