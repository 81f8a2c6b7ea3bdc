import { Text } from '@mantine/core';
import { stars } from './review-labels';

/** Stars drawn as text, read out as "4 of 5 stars". */
export function Stars({ rating }: { rating: number }) {
  return (
    <Text component="span" c="orange.9" aria-label={`${rating} of 5 stars`} role="img" style={{ whiteSpace: 'nowrap' }}>
      {stars(rating)}
    </Text>
  );
}
