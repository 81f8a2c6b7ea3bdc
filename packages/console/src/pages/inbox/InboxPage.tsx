import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function InboxPage() {
  return (
    <>
      <PageTitle>Reviews</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
