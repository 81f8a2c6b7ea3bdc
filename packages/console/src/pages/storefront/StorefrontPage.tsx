import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function StorefrontPage() {
  return (
    <>
      <PageTitle>Storefront</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
