import { AppShell, Burger, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Outlet, useLocation, useParams } from 'react-router';
import { useSession } from '../session/session.queries';
import { AccountMenu } from './AccountMenu';
import { NotFoundPage } from './NotFoundPage';
import { ShopSwitcher } from './ShopSwitcher';

const SECTIONS = [
  { path: '', label: 'Dashboard' },
  { path: 'reviews', label: 'Reviews' },
  { path: 'questions', label: 'Questions' },
  { path: 'products', label: 'Products' },
  { path: 'requests', label: 'Review requests' },
  { path: 'storefront', label: 'Storefront' },
  { path: 'integrations', label: 'Integrations' },
  { path: 'team', label: 'Team' },
  { path: 'ledger', label: 'Moderation ledger' },
];

/** Header (shop switcher, account), navigation and the page of one shop. */
export function ShopLayout() {
  const { shopId } = useParams();
  const session = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const membership = session.data?.memberships.find((m) => m.shop_id === shopId);
  if (!membership) return <NotFoundPage />;
  const base = `/shops/${shopId}`;
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} size="lg" visibleFrom="xs">
              Plaudit
            </Text>
            <ShopSwitcher current={membership.shop_id} />
          </Group>
          <AccountMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Sections">
        {SECTIONS.map((section) => {
          const to = section.path ? `${base}/${section.path}` : base;
          const active = section.path ? location.pathname.startsWith(to) : location.pathname === to;
          return <NavLink key={section.label} component={RouterLink} to={to} end={!section.path} label={section.label} active={active} onClick={close} />;
        })}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
