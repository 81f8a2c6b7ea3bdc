import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useParams } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { Section } from '../../components/Section';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../reviews/review-labels';
import { useSession } from '../../session/session.queries';
import { useCancelInvitation, useChangeRole, useInvitations, useInvite, useMembers, useRemoveMember, type Role } from './team.queries';

const ROLES = [
  { value: 'owner', label: 'Owner: everything, including credentials and the team' },
  { value: 'moderator', label: 'Moderator: reviews, replies and media' },
  { value: 'viewer', label: 'Viewer: read only' },
];
const ROLE_NAMES = ROLES.map((r) => ({ value: r.value, label: r.value[0]!.toUpperCase() + r.value.slice(1) }));

/** Members and their roles, invitations by email. */
export default function TeamPage() {
  const shopId = useParams().shopId!;
  const session = useSession();
  const isOwner = session.data?.memberships.find((m) => m.shop_id === shopId)?.role === 'owner';
  const members = useMembers(shopId);
  const changeRole = useChangeRole(shopId);
  const remove = useRemoveMember(shopId);
  const invitations = useInvitations(shopId, isOwner);
  const invite = useInvite(shopId);
  const cancel = useCancelInvitation(shopId);
  const form = useForm<{ email: string; role: Role }>({ initialValues: { email: '', role: 'moderator' } });
  return (
    <>
      <PageTitle>Team</PageTitle>
      <Stack gap="xl">
        <Section headingId="members-heading" title="Members" error={members.error ?? changeRole.error ?? remove.error}>
          <DataTable
            label="Members"
            minWidth={520}
            rows={members.data?.items}
            rowKey={(m) => m.account_id}
            columns={[
              { header: 'Email', cell: (m) => m.email },
              {
                header: 'Role',
                cell: (m) =>
                  isOwner ? (
                    <Select
                      aria-label={`Role of ${m.email}`}
                      data={ROLE_NAMES}
                      value={m.role}
                      allowDeselect={false}
                      onChange={(role) => role && changeRole.mutate({ accountId: m.account_id, role: role as Role })}
                      w={150}
                    />
                  ) : (
                    m.role
                  ),
              },
              { header: 'Joined', cell: (m) => formatDate(m.joined_at) },
              {
                header: 'Actions',
                cell: (m) =>
                  isOwner && (
                    <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(m.account_id)} aria-label={`Remove ${m.email}`}>
                      Remove
                    </Button>
                  ),
              },
            ]}
          />
        </Section>
        {isOwner && (
          <Section headingId="invitations-heading" title="Invitations">
            <form onSubmit={form.onSubmit((values) => invite.mutate(values, { onSuccess: () => form.reset() }))}>
              <Group align="end" wrap="wrap">
                <TextInput label="Email to invite" type="email" required {...form.getInputProps('email')} w={{ base: '100%', sm: 280 }} />
                <Select label="Role" data={ROLES} allowDeselect={false} {...form.getInputProps('role')} w={{ base: '100%', sm: 360 }} />
                <Button type="submit" loading={invite.isPending}>
                  Send invitation
                </Button>
              </Group>
            </form>
            <FormError error={invitations.error ?? invite.error ?? cancel.error} />
            <DataTable
              label="Open invitations"
              empty="No open invitation."
              rows={invitations.data?.items}
              rowKey={(i) => i.id}
              columns={[
                { header: 'Email', cell: (i) => i.email },
                { header: 'Role', cell: (i) => i.role },
                { header: 'Expires', cell: (i) => formatDate(i.expires_at) },
                {
                  header: 'Actions',
                  cell: (i) => (
                    <Button size="xs" variant="subtle" color="red" onClick={() => cancel.mutate(i.id)} aria-label={`Cancel the invitation of ${i.email}`}>
                      Cancel
                    </Button>
                  ),
                },
              ]}
            />
          </Section>
        )}
      </Stack>
    </>
  );
}
