import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function IntegrationsPage() {
  return (
    <>
      <PageTitle>Integrations</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
