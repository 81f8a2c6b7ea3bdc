import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function ReviewPage() {
  return (
    <>
      <PageTitle>Review</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
