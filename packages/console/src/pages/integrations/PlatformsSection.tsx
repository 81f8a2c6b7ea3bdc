import { Badge, Button, Code, Group, PasswordInput, Text } from '@mantine/core';
import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { Section } from '../../components/Section';
import { formatDate } from '../../reviews/review-labels';
import { useDisconnectPlatform, usePlatforms, useSaveShopify, useShopify } from './integrations.queries';

export function PlatformsSection({ shopId, canEdit }: { shopId: string; canEdit: boolean }) {
  const platforms = usePlatforms(shopId);
  const disconnect = useDisconnectPlatform(shopId);
  return (
    <Section headingId="platforms-heading" title="Connected platforms" error={platforms.error ?? disconnect.error}>
      <DataTable
        label="Connected platforms"
        empty="No partner platform is connected."
        rows={platforms.data?.items}
        rowKey={(p) => p.platform_id}
        columns={[
          { header: 'Platform', cell: (p) => p.name },
          {
            header: 'Scopes',
            cell: (p) => (
              <Group gap={4}>
                {p.scopes.map((s) => (
                  <Badge key={s} color="gray.7">
                    {s}
                  </Badge>
                ))}
              </Group>
            ),
          },
          { header: 'Connected', cell: (p) => formatDate(p.connected_at) },
          {
            header: 'Actions',
            cell: (p) =>
              canEdit && (
                <Button size="xs" color="red" variant="subtle" onClick={() => disconnect.mutate(p.platform_id)} aria-label={`Disconnect ${p.name}`}>
                  Disconnect
                </Button>
              ),
          },
        ]}
      />
    </Section>
  );
}

export function ShopifySection({ shopId, canEdit }: { shopId: string; canEdit: boolean }) {
  const shopify = useShopify(shopId);
  const save = useSaveShopify(shopId);
  const [secret, setSecret] = useState('');
  return (
    <Section headingId="shopify-heading" title="Shopify" error={shopify.error ?? save.error}>
      {shopify.data && (
        <Text>
          {shopify.data.connected ? 'Order webhooks from Shopify are verified with your app secret.' : 'Not connected: paste your Shopify app secret to accept its order webhooks.'} Shopify sends them
          to <Code style={{ overflowWrap: 'anywhere' }}>{shopify.data.webhook_url}</Code>.
        </Text>
      )}
      {canEdit && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (secret.trim()) save.mutate(secret.trim(), { onSuccess: () => setSecret('') });
          }}
        >
          <Group align="end" wrap="wrap">
            <PasswordInput label="Shopify app secret" value={secret} onChange={(e) => setSecret(e.currentTarget.value)} autoComplete="off" w={{ base: '100%', sm: 320 }} />
            <Button type="submit" disabled={!secret.trim()}>
              Save secret
            </Button>
          </Group>
        </form>
      )}
    </Section>
  );
}
