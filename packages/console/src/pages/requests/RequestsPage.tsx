import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function RequestsPage() {
  return (
    <>
      <PageTitle>Review requests</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
