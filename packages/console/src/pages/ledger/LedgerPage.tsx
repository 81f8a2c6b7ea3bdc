import { Text } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle';

export default function LedgerPage() {
  return (
    <>
      <PageTitle>Moderation ledger</PageTitle>
      <Text>Coming with the Admin API.</Text>
    </>
  );
}
