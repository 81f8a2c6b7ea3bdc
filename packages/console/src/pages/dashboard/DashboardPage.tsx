import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function DashboardPage() {
  return (
    <>
      <PageTitle>Dashboard</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
