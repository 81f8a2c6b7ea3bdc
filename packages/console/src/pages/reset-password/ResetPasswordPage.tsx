import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useSearchParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useConfirmReset, useRequestReset } from './reset-password.queries';

/** Without a token: ask for the emailed link. With the link's token: choose a new password. */
export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return (
    <Container component="main" size={420} py="xl">
      <PageTitle>Reset your password</PageTitle>
      {token ? <ChooseNewPassword token={token} /> : <AskForLink />}
      <Anchor component={Link} to="/sign-in" size="sm" mt="md" display="block">
        Back to sign-in
      </Anchor>
    </Container>
  );
}

function AskForLink() {
  const request = useRequestReset();
  const form = useForm({ initialValues: { email: '' } });
  if (request.isSuccess)
    return (
      <Alert color="blue" title="Check your email">
        If an account uses this address, a reset link is on its way. It works once, for an hour.
      </Alert>
    );
  return (
    <Paper withBorder p="lg" component="form" onSubmit={form.onSubmit((v) => request.mutate(v.email.trim()))}>
      <Stack>
        <Text size="sm">We email a single-use link to the account's address.</Text>
        <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
        <FormError error={request.error} />
        <Button type="submit" loading={request.isPending}>
          Email me a link
        </Button>
      </Stack>
    </Paper>
  );
}

function ChooseNewPassword({ token }: { token: string }) {
  const confirm = useConfirmReset();
  const form = useForm({
    initialValues: { password: '', again: '' },
    validate: { password: (v) => (v.length >= 10 ? null : 'At least 10 characters'), again: (v, values) => (v === values.password ? null : 'The two passwords differ') },
  });
  if (confirm.isSuccess)
    return (
      <Alert color="green" title="Password changed">
        Every session of the account was signed out.{' '}
        <Anchor component={Link} to="/sign-in">
          Sign in
        </Anchor>
      </Alert>
    );
  return (
    <Paper withBorder p="lg" component="form" onSubmit={form.onSubmit((v) => confirm.mutate({ token, new_password: v.password }))}>
      <Stack>
        <PasswordInput label="New password" description="At least 10 characters" autoComplete="new-password" required {...form.getInputProps('password')} />
        <PasswordInput label="New password again" autoComplete="new-password" required {...form.getInputProps('again')} />
        <FormError error={confirm.error} />
        <Button type="submit" loading={confirm.isPending}>
          Set the new password
        </Button>
      </Stack>
    </Paper>
  );
}
