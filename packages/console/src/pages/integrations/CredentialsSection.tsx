import { Alert, Button, Code, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { FormError } from '../../components/FormError';
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
    <Stack gap="sm" component="section" aria-labelledby="credentials-heading">
      <Title order={2} size="h3" id="credentials-heading">
        API credentials
      </Title>
      <FormError error={credentials.error ?? rotate.error} />
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
    </Stack>
  );
}
