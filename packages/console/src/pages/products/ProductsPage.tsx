import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function ProductsPage() {
  return (
    <>
      <PageTitle>Products</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
