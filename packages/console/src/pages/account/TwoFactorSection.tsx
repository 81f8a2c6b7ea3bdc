import { Alert, Button, Group, List, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError';
import { SecretOnce } from '../../components/SecretOnce';
import { useSession } from '../../session/session.queries';
import { useConfirmTotp, useDisableTotp, useStartTotp } from './account.queries';

/** TOTP two-factor sign-in (RFC 6238): set up with an authenticator app, recovery codes shown once. */
export function TwoFactorSection() {
  const session = useSession();
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const disable = useDisableTotp();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const enabled = session.data?.account.totp_enabled ?? false;
  return (
    <Stack gap="sm" component="section" aria-labelledby="totp-heading" maw={520}>
      <Title order={2} size="h3" id="totp-heading">
        Two-factor sign-in
      </Title>
      {confirm.data ? (
        <Alert color="yellow" title="Two-factor sign-in is on. Save these recovery codes now: they are shown once">
          <List ff="monospace" aria-label="Recovery codes">
            {confirm.data.recovery_codes.map((c) => (
              <List.Item key={c}>{c}</List.Item>
            ))}
          </List>
        </Alert>
      ) : enabled ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            disable.mutate(password, { onSuccess: () => setPassword('') });
          }}
        >
          <Stack gap="sm">
            <Text>Sign-in asks for a code from your authenticator app.</Text>
            <Group align="end">
              <PasswordInput label="Password to turn it off" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required />
              <Button type="submit" color="red" variant="light" loading={disable.isPending}>
                Turn off two-factor sign-in
              </Button>
            </Group>
            <FormError error={disable.error} />
          </Stack>
        </form>
      ) : start.data ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            confirm.mutate(code.trim());
          }}
        >
          <Stack gap="sm">
            <Text size="sm">Add this key to your authenticator app (or open the link on your phone), then enter the code it shows.</Text>
            <SecretOnce label="Authenticator key" value={start.data.secret} />
            <SecretOnce label="Authenticator link" value={start.data.otpauth_url} />
            <Group align="end">
              <TextInput label="Code from the app" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.currentTarget.value)} required />
              <Button type="submit" loading={confirm.isPending}>
                Turn on
              </Button>
            </Group>
            <FormError error={confirm.error} />
          </Stack>
        </form>
      ) : (
        <Stack gap="sm">
          <Text>Off: sign-in needs only your password.</Text>
          <FormError error={start.error} />
          <div>
            <Button onClick={() => start.mutate()} loading={start.isPending}>
              Set up two-factor sign-in
            </Button>
          </div>
        </Stack>
      )}
    </Stack>
  );
}
