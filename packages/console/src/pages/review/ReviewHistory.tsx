import { Stack, Text, Timeline, Title } from '@mantine/core';
import { formatDate } from '../../reviews/review-labels';
import type { ReviewDetail } from './review.queries';

export function ReviewHistory({ review }: { review: ReviewDetail }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby="history-heading">
      <Title order={2} size="h4" id="history-heading">
        History
      </Title>
      {review.history.length === 0 ? (
        <Text size="sm" c="dark.3">
          Nobody has moderated this review yet.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {review.history.map((entry) => (
            <Timeline.Item key={entry.seq} title={entry.action}>
              <Text size="xs">
                {entry.actor.email} · {formatDate(entry.at)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}
