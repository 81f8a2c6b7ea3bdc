import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function TeamPage() {
  return (
    <>
      <PageTitle>Team</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
