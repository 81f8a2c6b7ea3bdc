import { Stack } from '@mantine/core';
import { useParams } from 'react-router';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session.queries';
import { CredentialsSection } from './CredentialsSection';
import { PlatformsSection, ShopifySection } from './PlatformsSection';
import { WebhooksSection } from './WebhooksSection';

/** API credentials, webhooks and their deliveries, connected platforms, Shopify. */
export default function IntegrationsPage() {
  const shopId = useParams().shopId!;
  const session = useSession();
  const isOwner = session.data?.memberships.find((m) => m.shop_id === shopId)?.role === 'owner';
  return (
    <>
      <PageTitle>Integrations</PageTitle>
      <Stack gap="xl">
        {isOwner && <CredentialsSection shopId={shopId} />}
        <WebhooksSection shopId={shopId} canEdit={isOwner} />
        <PlatformsSection shopId={shopId} canEdit={isOwner} />
        <ShopifySection shopId={shopId} canEdit={isOwner} />
      </Stack>
    </>
  );
}
