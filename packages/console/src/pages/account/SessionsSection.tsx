import { Badge, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useNavigate } from 'react-router';
import { FormError } from '../../components/FormError';
import { formatDate } from '../../reviews/review-labels';
import { useRevokeSession, useSessions, useSignOutEverywhere } from './account.queries';

export function SessionsSection() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const everywhere = useSignOutEverywhere();
  const navigate = useNavigate();
  return (
    <Stack gap="sm" component="section" aria-labelledby="sessions-heading">
      <Group justify="space-between">
        <Title order={2} size="h3" id="sessions-heading">
          Signed-in sessions
        </Title>
        <Button color="red" variant="light" onClick={() => everywhere.mutate(undefined, { onSuccess: () => navigate('/sign-in') })} loading={everywhere.isPending}>
          Sign out everywhere
        </Button>
      </Group>
      <FormError error={sessions.error ?? revoke.error ?? everywhere.error} />
      <Table.ScrollContainer minWidth={640} type="native" tabIndex={0}>
        <Table aria-label="Signed-in sessions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Browser</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Signed in</Table.Th>
              <Table.Th>Last seen</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data?.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {s.user_agent || 'Unknown browser'}
                  </Text>
                </Table.Td>
                <Table.Td>{s.ip}</Table.Td>
                <Table.Td>{formatDate(s.created_at)}</Table.Td>
                <Table.Td>{formatDate(s.last_seen_at)}</Table.Td>
                <Table.Td>
                  {s.current ? (
                    <Badge>This browser</Badge>
                  ) : (
                    <Button size="xs" variant="default" onClick={() => revoke.mutate(s.id)} aria-label={`Sign out the session from ${s.ip} started ${formatDate(s.created_at)}`}>
                      Sign out
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
