import { Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ProblemError } from '../../api/client';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useSetupNeeded } from '../setup/setup.queries';
import { useSignIn } from './sign-in.queries';

/** Email and password, then the authenticator code when the account has two-factor sign-in. */
export default function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const setup = useSetupNeeded();
  const signIn = useSignIn();
  const [secondStep, setSecondStep] = useState<'totp' | 'recovery' | null>(null);
  const form = useForm({ initialValues: { email: '', password: '', code: '' } });
  if (setup.data?.needed) return <Navigate to="/setup" replace />;

  const next = params.get('next');
  const submit = form.onSubmit(({ email, password, code }) =>
    signIn.mutate(
      { email, password, ...(secondStep === 'totp' ? { totp_code: code.trim() } : secondStep === 'recovery' ? { recovery_code: code.trim() } : {}) },
      {
        onSuccess: () => navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true }),
        onError: (error) => {
          if (error instanceof ProblemError && error.is('totp-required')) setSecondStep((step) => step ?? 'totp');
        },
      },
    ),
  );
  const needsCode = signIn.error instanceof ProblemError && signIn.error.is('totp-required') && !form.values.code;

  return (
    <Container component="main" size={420} py="xl">
      <PageTitle>Sign in to Plaudit</PageTitle>
      <Paper withBorder p="lg" component="form" onSubmit={submit}>
        <Stack>
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          {secondStep && (
            <>
              <TextInput
                label={secondStep === 'totp' ? 'Authenticator code' : 'Recovery code'}
                description={secondStep === 'totp' ? 'The 6-digit code from your authenticator app' : 'One of the recovery codes you saved'}
                autoComplete="one-time-code"
                inputMode={secondStep === 'totp' ? 'numeric' : 'text'}
                autoFocus
                required
                {...form.getInputProps('code')}
              />
              <Anchor component="button" type="button" size="sm" onClick={() => setSecondStep(secondStep === 'totp' ? 'recovery' : 'totp')}>
                {secondStep === 'totp' ? 'Use a recovery code instead' : 'Use an authenticator code instead'}
              </Anchor>
            </>
          )}
          {needsCode ? (
            <Text c="blue.8" role="status">
              This account uses two-factor sign-in: enter the code.
            </Text>
          ) : (
            <FormError error={signIn.error} />
          )}
          <Button type="submit" loading={signIn.isPending}>
            Sign in
          </Button>
          <Anchor component={Link} to="/reset-password" size="sm">
            Forgot your password?
          </Anchor>
        </Stack>
      </Paper>
    </Container>
  );
}
