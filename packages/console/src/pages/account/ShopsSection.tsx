import { Alert, Anchor, Button, Group, List, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import { FormError } from '../../components/FormError';
import { SecretOnce } from '../../components/SecretOnce';
import { useSession } from '../../session/session.queries';
import { useCreateShop } from './account.queries';

/** The account's shops, and a new one (owners only): its credentials are shown once. */
export function ShopsSection() {
  const session = useSession();
  const create = useCreateShop();
  const form = useForm({ initialValues: { domain: '', name: '' } });
  const memberships = session.data?.memberships ?? [];
  const isOwner = memberships.some((m) => m.role === 'owner');
  return (
    <Stack gap="sm" component="section" aria-labelledby="shops-heading">
      <Title order={2} size="h3" id="shops-heading">
        Shops
      </Title>
      <List>
        {memberships.map((m) => (
          <List.Item key={m.shop_id}>
            <Anchor component={Link} to={`/shops/${m.shop_id}`}>
              {m.name || m.domain}
            </Anchor>{' '}
            ({m.domain}) — {m.role}
          </List.Item>
        ))}
      </List>
      {isOwner && (
        <form onSubmit={form.onSubmit((values) => create.mutate({ domain: values.domain.trim(), ...(values.name.trim() ? { name: values.name.trim() } : {}) }, { onSuccess: () => form.reset() }))}>
          <Group align="end" wrap="wrap">
            <TextInput label="New shop domain" placeholder="another.myshopify.com" required {...form.getInputProps('domain')} />
            <TextInput label="New shop name" {...form.getInputProps('name')} />
            <Button type="submit" loading={create.isPending}>
              Create shop
            </Button>
          </Group>
        </form>
      )}
      <FormError error={create.error} />
      {create.data && (
        <Alert color="yellow" title={`${create.data.shop.domain} is ready: its private token is shown once`}>
          <Stack gap="xs">
            <SecretOnce label="New shop public token" value={create.data.shop.public_token} />
            <SecretOnce label="New shop private token" value={create.data.shop.private_token} />
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
