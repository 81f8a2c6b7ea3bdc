import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { SecretOnce } from '../../components/SecretOnce';
import { useRunSetup, useSetupNeeded, type SetupInput } from './setup.queries';

/** First run: the setup token from the server log creates the first owner and shop. */
export default function SetupPage() {
  const needed = useSetupNeeded();
  const setup = useRunSetup();
  const form = useForm<SetupInput>({
    initialValues: { token: '', email: '', password: '', shop_domain: '', shop_name: '' },
    validate: {
      token: (v) => (v.trim() ? null : 'Paste the setup token from the server log'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter an email address'),
      password: (v) => (v.length >= 10 ? null : 'At least 10 characters'),
      shop_domain: (v) => (/^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$/i.test(v.trim()) ? null : 'A domain such as demo.myshopify.com'),
    },
  });

  if (setup.data) {
    const { shop } = setup.data;
    return (
      <Container component="main" size="sm" py="xl">
        <PageTitle>Your shop is ready</PageTitle>
        <Paper withBorder p="lg">
          <Stack>
            <Alert color="yellow" title="Shown once">
              Keep the private token somewhere safe now: it signs API calls and is not shown again (an owner can rotate it under Integrations).
            </Alert>
            <SecretOnce label="Public token" value={shop.public_token} />
            <SecretOnce label="Private token" value={shop.private_token} />
            <Button component={Link} to={`/shops/${shop.id}`}>
              Open the console
            </Button>
          </Stack>
        </Paper>
      </Container>
    );
  }

  return (
    <Container component="main" size="sm" py="xl">
      <PageTitle>Set up Plaudit</PageTitle>
      {needed.data?.needed === false ? (
        <Alert color="blue" title="Setup is done">
          This server already has an owner.{' '}
          <Anchor component={Link} to="/sign-in">
            Sign in
          </Anchor>
        </Alert>
      ) : (
        <Paper withBorder p="lg" component="form" onSubmit={form.onSubmit((values) => setup.mutate({ ...values, shop_domain: values.shop_domain.trim(), token: values.token.trim() }))}>
          <Stack>
            <Text>
              The server printed a one-time <strong>setup token</strong> in its log when it started (look for “first-run setup”). It creates the first owner and the first shop.
            </Text>
            <TextInput label="Setup token" autoComplete="off" required {...form.getInputProps('token')} />
            <TextInput label="Your email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <PasswordInput label="Password" description="At least 10 characters" autoComplete="new-password" required {...form.getInputProps('password')} />
            <TextInput label="Shop domain" placeholder="demo.myshopify.com" required {...form.getInputProps('shop_domain')} />
            <TextInput label="Shop name" {...form.getInputProps('shop_name')} />
            <FormError error={setup.error} />
            <Button type="submit" loading={setup.isPending}>
              Create owner and shop
            </Button>
          </Stack>
        </Paper>
      )}
    </Container>
  );
}
