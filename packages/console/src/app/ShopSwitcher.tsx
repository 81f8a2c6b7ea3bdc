import { Select } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from '../session/session.queries';

/** Moves to the same section of another shop the account belongs to. */
export function ShopSwitcher({ current }: { current: string }) {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const memberships = session.data?.memberships ?? [];
  const section = location.pathname.split('/')[3] ?? '';
  return (
    <Select
      aria-label="Shop"
      data={memberships.map((m) => ({ value: m.shop_id, label: m.name || m.domain }))}
      value={current}
      allowDeselect={false}
      onChange={(value) => value && value !== current && navigate(`/shops/${value}${section ? `/${section}` : ''}`)}
      w={{ base: 160, sm: 240 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
