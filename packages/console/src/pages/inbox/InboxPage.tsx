import { Alert, Anchor, Button, Center, Group, Loader, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { problemMessage } from '../../api/client';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { BulkBar } from './BulkBar';
import { HideReasonModal } from './HideReasonModal';
import { InboxFilters } from './InboxFilters';
import { InboxTable } from './InboxTable';
import { useInboxFilter } from './inbox.filters';
import { useInbox, useModerate, useReviewChanges } from './inbox.queries';

/** The reviews inbox: filters in the URL, keyboard moderation, selection and bulk jobs, live arrivals. */
export default function InboxPage() {
  const shopId = useParams().shopId!;
  const navigate = useNavigate();
  const [filter, setFilter] = useInboxFilter();
  const inbox = useInbox(shopId, filter);
  const moderate = useModerate(shopId);
  const changes = useReviewChanges(shopId);
  const reviews = useMemo(() => inbox.data?.pages.flatMap((page) => page.items) ?? [], [inbox.data]);
  const total = inbox.data?.pages[0]?.total ?? 0;
  // Beyond 10,000 matches the server stops counting: "10000+".
  const totalLabel = `${total}${inbox.data?.pages[0]?.total_is_exact === false ? '+' : ''}`;
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [hiding, setHiding] = useState<string | null>(null);

  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
    setCursor(0);
  }, [filterKey]);
  const current = reviews[Math.min(cursor, reviews.length - 1)];

  const toggle = (id: string) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const togglePage = () => {
    if (allMatching) {
      setAllMatching(false);
      setSelected(new Set());
    } else setSelected(reviews.every((r) => selected.has(r.id)) ? new Set() : new Set(reviews.map((r) => r.id)));
  };
  const act = (action: 'publish' | 'hide', reviewId: string, reason?: Parameters<typeof moderate.mutate>[0]['reason']) =>
    moderate.mutate(
      { reviewId, action, reason },
      {
        onSuccess: () => notifications.show({ color: 'green', message: action === 'publish' ? 'Review published' : 'Review hidden' }),
        onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: problemMessage(error) }),
      },
    );

  useHotkeys([
    ['j', () => setCursor((c) => Math.min(c + 1, Math.max(reviews.length - 1, 0)))],
    ['k', () => setCursor((c) => Math.max(c - 1, 0))],
    ['x', () => current && toggle(current.id)],
    ['p', () => current && act('publish', current.id)],
    ['h', () => current && setHiding(current.id)],
    ['r', () => current && navigate(`/shops/${shopId}/reviews/${current.id}?reply=1`)],
    ['o', () => current && navigate(`/shops/${shopId}/reviews/${current.id}`)],
  ]);

  const pageFullySelected = reviews.length > 0 && reviews.every((r) => selected.has(r.id));
  return (
    <>
      <PageTitle>Reviews</PageTitle>
      <InboxFilters filter={filter} onChange={setFilter} />
      {changes.arrived > 0 && (
        <Alert color="blue" mb="md" withCloseButton onClose={changes.acknowledge} role="status">
          {changes.arrived === 1 ? 'A review arrived or changed' : `${changes.arrived} reviews arrived or changed`}; the list is up to date.
        </Alert>
      )}
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Text role="status" aria-live="polite" fw={500}>
          {inbox.isPending ? 'Loading reviews…' : `${totalLabel} matching review${total === 1 ? '' : 's'}`}
        </Text>
        <Text size="xs" c="dark.3">
          Keys: j / k move · x select · p publish · h hide · r reply · o open
        </Text>
      </Group>
      {pageFullySelected && !allMatching && total > reviews.length && (
        <Alert color="indigo" mb="sm">
          All {reviews.length} reviews on this page are selected.{' '}
          <Anchor component="button" type="button" onClick={() => setAllMatching(true)}>
            Select all {totalLabel} matching reviews
          </Anchor>
        </Alert>
      )}
      <BulkBar
        shopId={shopId}
        selectedIds={allMatching ? null : [...selected]}
        matching={total}
        matchingLabel={totalLabel}
        filter={filter}
        onDone={() => {
          setSelected(new Set());
          setAllMatching(false);
        }}
      />
      <FormError error={inbox.error} />
      {inbox.isPending ? (
        <Center h={200}>
          <Loader aria-label="Loading reviews" />
        </Center>
      ) : reviews.length === 0 ? (
        <Text c="dark.3" py="xl" ta="center">
          No review matches these filters.
        </Text>
      ) : (
        <InboxTable shopId={shopId} reviews={reviews} cursor={cursor} selected={selected} allMatching={allMatching} onToggle={toggle} onTogglePage={togglePage} />
      )}
      {inbox.hasNextPage && (
        <Center mt="md">
          <Button variant="default" onClick={() => inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
            Load more reviews
          </Button>
        </Center>
      )}
      <HideReasonModal
        opened={hiding !== null}
        count={1}
        onClose={() => setHiding(null)}
        onConfirm={(reason) => {
          if (hiding) act('hide', hiding, reason);
          setHiding(null);
        }}
      />
    </>
  );
}
