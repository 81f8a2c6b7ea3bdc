import { Button, Center, Code, Group, Loader, Spoiler, Table, Text } from '@mantine/core';
import { useParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../reviews/review-labels';
import { useSession } from '../../session/session.queries';
import { ledgerExportUrl, useLedger, type LedgerEntry } from './ledger.queries';

const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

/** Every moderation and settings action, chained by hashes, newest first; owners can export it. */
export default function LedgerPage() {
  const shopId = useParams().shopId!;
  const ledger = useLedger(shopId);
  const session = useSession();
  const isOwner = session.data?.memberships.find((m) => m.shop_id === shopId)?.role === 'owner';
  const entries = ledger.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageTitle
        actions={
          isOwner && (
            <Group gap="xs">
              <Button component="a" href={ledgerExportUrl(shopId, 'csv')} variant="default" download>
                Export CSV
              </Button>
              <Button component="a" href={ledgerExportUrl(shopId, 'jsonl')} variant="default" download>
                Export JSON lines
              </Button>
            </Group>
          )
        }
      >
        Moderation ledger
      </PageTitle>
      <Text mb="md">
        Each entry carries the SHA-256 of the one before it, so a later change to history is detectable (<Code>npx plaudit audit verify</Code>).
      </Text>
      <FormError error={ledger.error} />
      {ledger.isPending ? (
        <Center h={200}>
          <Loader aria-label="Loading the ledger" />
        </Center>
      ) : entries.length === 0 ? (
        <Text c="dark.3">Nothing has been moderated yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={800} type="native" tabIndex={0}>
          <Table aria-label="Ledger entries" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>#</Table.Th>
                <Table.Th w={170}>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Before → after</Table.Th>
                <Table.Th>Hash</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry: LedgerEntry) => (
                <Table.Tr key={entry.seq}>
                  <Table.Td>{entry.seq}</Table.Td>
                  <Table.Td>{formatDate(entry.at)}</Table.Td>
                  <Table.Td>{entry.actor.email}</Table.Td>
                  <Table.Td>
                    <Code>{entry.action}</Code>
                  </Table.Td>
                  <Table.Td>{entry.subject}</Table.Td>
                  <Table.Td>
                    <Spoiler maxHeight={40} showLabel="Show all" hideLabel="Show less">
                      <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                        {show(entry.before)} → {show(entry.after)}
                      </Text>
                    </Spoiler>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" title={entry.hash}>
                      {entry.hash.slice(0, 12)}…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {ledger.hasNextPage && (
        <Center mt="md">
          <Button variant="default" onClick={() => ledger.fetchNextPage()} loading={ledger.isFetchingNextPage}>
            Load older entries
          </Button>
        </Center>
      )}
    </>
  );
}
