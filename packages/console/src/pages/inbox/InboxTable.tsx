import { Anchor, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../../reviews/review-labels';
import { Stars } from '../../reviews/Stars';
import { StatusBadge } from '../../reviews/StatusBadge';
import type { ReviewItem } from './inbox.queries';

interface Props {
  shopId: string;
  reviews: ReviewItem[];
  cursor: number;
  selected: Set<string>;
  allMatching: boolean;
  onToggle: (id: string) => void;
  onTogglePage: () => void;
}

/** Review text is always rendered as text (React escapes it): never as HTML. */
export function InboxTable({ shopId, reviews, cursor, selected, allMatching, onToggle, onTogglePage }: Props) {
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  useEffect(() => {
    rows.current[cursor]?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);
  const pageSelected = reviews.length > 0 && reviews.every((r) => selected.has(r.id));
  // On a phone the product, status and date columns fold into the review cell: no sideways scrolling.
  return (
    <Table.ScrollContainer minWidth={340} type="native" tabIndex={0}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Reviews">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label="Select every review on this page"
                checked={allMatching || pageSelected}
                indeterminate={!allMatching && !pageSelected && reviews.some((r) => selected.has(r.id))}
                onChange={onTogglePage}
              />
            </Table.Th>
            <Table.Th w={110}>Rating</Table.Th>
            <Table.Th>Review</Table.Th>
            <Table.Th w={150} visibleFrom="sm">
              Product
            </Table.Th>
            <Table.Th w={110} visibleFrom="sm">
              Status
            </Table.Th>
            <Table.Th w={170} visibleFrom="sm">
              Date
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reviews.map((review, index) => (
            <Table.Tr
              key={review.id}
              ref={(element) => {
                rows.current[index] = element;
              }}
              aria-current={index === cursor ? 'true' : undefined}
              bg={index === cursor ? 'var(--mantine-color-indigo-0)' : undefined}
              style={index === cursor ? { outline: '2px solid var(--mantine-color-indigo-6)', outlineOffset: -2 } : undefined}
            >
              <Table.Td>
                <Checkbox aria-label={`Select the review by ${review.author}`} checked={allMatching || selected.has(review.id)} disabled={allMatching} onChange={() => onToggle(review.id)} />
              </Table.Td>
              <Table.Td>
                <Stars rating={review.rating} />
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Anchor component={Link} to={`/shops/${shopId}/reviews/${review.id}`} fw={600} lineClamp={1}>
                    {review.title || review.content.slice(0, 80) || 'Untitled review'}
                  </Anchor>
                  {review.title && (
                    <Text size="sm" lineClamp={2}>
                      {review.content}
                    </Text>
                  )}
                  <Group gap={6}>
                    <Text size="xs" c="dark.3">
                      by {review.author}
                    </Text>
                    {review.verified && (
                      <Text size="xs" c="green.9">
                        verified
                      </Text>
                    )}
                    {review.photo_count + review.video_count > 0 && (
                      <Text size="xs" c="dark.3">
                        {review.photo_count + review.video_count} media
                      </Text>
                    )}
                    {review.reply && (
                      <Text size="xs" c="indigo.9">
                        replied
                      </Text>
                    )}
                  </Group>
                  <Group gap={6} hiddenFrom="sm">
                    <StatusBadge status={review.status} />
                    <Text size="xs" c="dark.3">
                      {formatDate(review.commented_at)}
                    </Text>
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm" lineClamp={2}>
                  {review.product_id === '0' ? 'Store review' : review.product_title || review.product_id}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <StatusBadge status={review.status} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm">{formatDate(review.commented_at)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
