import { Box, Button, Menu } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../session/session.queries';

export function AccountMenu() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="subtle" aria-label={`Account menu: ${session.data?.account.email ?? ''}`}>
          <Box component="span" visibleFrom="sm">
            {session.data?.account.email}
          </Box>
          <Box component="span" hiddenFrom="sm">
            Account
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to="/account">
          Account and security
        </Menu.Item>
        <Menu.Item onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
