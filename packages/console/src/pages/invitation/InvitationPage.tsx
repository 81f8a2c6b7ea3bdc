import { Alert, Anchor, Button, Center, Container, Loader, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useAcceptInvitation, useInvitation } from './invitation.queries';

/** The emailed invitation link: a new person chooses a password; an existing account signs in first. */
export default function InvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const form = useForm({ initialValues: { password: '' }, validate: { password: (v) => (v.length >= 10 ? null : 'At least 10 characters') } });
  const done = () => navigate('/', { replace: true });
  return (
    <Container component="main" size={460} py="xl">
      <PageTitle>Join a shop on Plaudit</PageTitle>
      {invitation.isPending ? (
        <Center h={120}>
          <Loader aria-label="Loading the invitation" />
        </Center>
      ) : !invitation.data ? (
        <FormError error={invitation.error} />
      ) : (
        <Paper withBorder p="lg">
          <Stack>
            <Text>
              <strong>{invitation.data.email}</strong> is invited to <strong>{invitation.data.shop_name || invitation.data.shop_domain}</strong> as {invitation.data.role}.
            </Text>
            {invitation.data.account_exists ? (
              <>
                <Alert color="blue">This email already has an account: sign in with it, then open the link again, or accept now if you are signed in.</Alert>
                <FormError error={accept.error} />
                <Button onClick={() => accept.mutate({ token }, { onSuccess: done })} loading={accept.isPending}>
                  Accept the invitation
                </Button>
                <Anchor component={Link} to={`/sign-in?next=${encodeURIComponent(`/invitations/accept?token=${token}`)}`}>
                  Sign in first
                </Anchor>
              </>
            ) : (
              <form onSubmit={form.onSubmit((v) => accept.mutate({ token, password: v.password }, { onSuccess: done }))}>
                <Stack>
                  <PasswordInput label="Choose a password" description="At least 10 characters" autoComplete="new-password" required {...form.getInputProps('password')} />
                  <FormError error={accept.error} />
                  <Button type="submit" loading={accept.isPending}>
                    Create my account and join
                  </Button>
                </Stack>
              </form>
            )}
          </Stack>
        </Paper>
      )}
    </Container>
  );
}
