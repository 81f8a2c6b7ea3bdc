import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function AccountPage() {
  return (
    <>
      <PageTitle>Account and security</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
