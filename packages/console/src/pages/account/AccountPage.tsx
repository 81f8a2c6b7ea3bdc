import { Anchor, Container, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session.queries';
import { PasswordSection } from './PasswordSection';
import { SessionsSection } from './SessionsSection';
import { TwoFactorSection } from './TwoFactorSection';
import { ShopsSection } from './ShopsSection';

/** The signed-in person: shops, password, two-factor sign-in, sessions. */
export default function AccountPage() {
  const session = useSession();
  const first = session.data?.memberships[0];
  return (
    <Container component="main" size="lg" py="lg">
      {first && (
        <Anchor component={Link} to={`/shops/${first.shop_id}`} size="sm">
          ← Back to the console
        </Anchor>
      )}
      <PageTitle>Account and security</PageTitle>
      <Text mb="lg">
        Signed in as <strong>{session.data?.account.email}</strong>
        {session.data?.account.totp_enabled ? ' with two-factor sign-in' : ''}.
      </Text>
      <Stack gap="xl">
        <ShopsSection />
        <PasswordSection />
        <TwoFactorSection />
        <SessionsSection />
      </Stack>
    </Container>
  );
}
