import { Alert, Button, Code, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { Section } from '../../components/Section';
import { SecretOnce } from '../../components/SecretOnce';
import { useCredentials, useRotateCredentials } from './integrations.queries';

/** The public token, and a new private token on rotation (shown once; the old one stops working). */
export function CredentialsSection({ shopId }: { shopId: string }) {
  const credentials = useCredentials(shopId);
  const rotate = useRotateCredentials(shopId);
  const confirm = () =>
    modals.openConfirmModal({
      title: 'Rotate the private token?',
      children: <Text size="sm">Every integration signing with the current private token stops working until it gets the new one.</Text>,
      labels: { confirm: 'Rotate', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => rotate.mutate(),
    });
  return (
    <Section headingId="credentials-heading" title="API credentials" error={credentials.error ?? rotate.error}>
      {credentials.data && (
        <Text>
          Public token: <Code style={{ overflowWrap: 'anywhere' }}>{credentials.data.public_token}</Code>
        </Text>
      )}
      <div>
        <Button color="red" variant="light" onClick={confirm} loading={rotate.isPending}>
          Rotate private token
        </Button>
      </div>
      {rotate.data && (
        <Alert color="yellow" title="New private token: shown once">
          <SecretOnce label="New private token" value={rotate.data.private_token} />
        </Alert>
      )}
    </Section>
  );
}
