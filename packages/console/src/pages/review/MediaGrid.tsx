import { Badge, Button, Card, Image, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useChangeReview, type ReviewDetail } from './review.queries';

export function MediaGrid({ shopId, review }: { shopId: string; review: ReviewDetail }) {
  const change = useChangeReview(shopId, review.id);
  if (review.media.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="media-heading">
      <Title order={2} size="h4" id="media-heading">
        Photos and videos
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {review.media.map((item) => (
          <Card key={item.index} withBorder padding="xs">
            <Card.Section>
              <Image
                src={item.thumbnail_url || item.url}
                alt={`${item.type === 'video' ? 'Video' : 'Photo'} ${item.index + 1} of the review`}
                h={120}
                fit="cover"
                style={{ opacity: item.hidden ? 0.4 : 1 }}
              />
            </Card.Section>
            <Stack gap={4} mt="xs">
              {item.hidden ? (
                <Badge color="gray" autoContrast>
                  Hidden
                </Badge>
              ) : (
                <Text size="xs">Shown</Text>
              )}
              <Button size="xs" variant="light" onClick={() => change.mutate({ kind: 'media', index: item.index, hidden: !item.hidden })}>
                {item.hidden ? `Show ${item.type} ${item.index + 1}` : `Hide ${item.type} ${item.index + 1}`}
              </Button>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
