import { Badge, Button, Text, VisuallyHidden } from '@mantine/core';
import { useNavigate } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { Section } from '../../components/Section';
import { formatDate } from '../../reviews/review-labels';
import { useRevokeSession, useSessions, useSignOutEverywhere } from './account.queries';

export function SessionsSection() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const everywhere = useSignOutEverywhere();
  const navigate = useNavigate();
  return (
    <Section
      headingId="sessions-heading"
      title="Signed-in sessions"
      error={sessions.error ?? revoke.error ?? everywhere.error}
      actions={
        <Button color="red" variant="light" onClick={() => everywhere.mutate(undefined, { onSuccess: () => navigate('/sign-in') })} loading={everywhere.isPending}>
          Sign out everywhere
        </Button>
      }
    >
      <DataTable
        label="Signed-in sessions"
        minWidth={640}
        rows={sessions.data?.items}
        rowKey={(s) => s.id}
        columns={[
          {
            header: 'Browser',
            cell: (s) => (
              <Text size="sm" lineClamp={2}>
                {s.user_agent || 'Unknown browser'}
              </Text>
            ),
          },
          { header: 'Address', cell: (s) => s.ip },
          { header: 'Signed in', cell: (s) => formatDate(s.created_at) },
          { header: 'Last seen', cell: (s) => formatDate(s.last_seen_at) },
          {
            header: <VisuallyHidden>Actions</VisuallyHidden>,
            cell: (s) =>
              s.current ? (
                <Badge>This browser</Badge>
              ) : (
                <Button size="xs" variant="default" onClick={() => revoke.mutate(s.id)} aria-label={`Sign out the session from ${s.ip} started ${formatDate(s.created_at)}`}>
                  Sign out
                </Button>
              ),
          },
        ]}
      />
    </Section>
  );
}
