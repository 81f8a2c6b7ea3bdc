import { Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { FormError } from '../../components/FormError';
import { formatDate } from '../../reviews/review-labels';
import { useChangeReview, type ReviewDetail } from './review.queries';

/** The public reply, shown on the storefront as soon as it is saved. */
export function ReplyEditor({ shopId, review, focus }: { shopId: string; review: ReviewDetail; focus: boolean }) {
  const change = useChangeReview(shopId, review.id);
  const [content, setContent] = useState(review.reply?.content ?? '');
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setContent(review.reply?.content ?? ''), [review.reply?.content]);
  useEffect(() => {
    if (focus) area.current?.focus();
  }, [focus]);
  return (
    <Stack gap="xs" component="section" aria-labelledby="reply-heading">
      <Title order={2} size="h4" id="reply-heading">
        Public reply
      </Title>
      {review.reply && (
        <Text size="xs" c="dark.3">
          Replied {formatDate(review.reply.replied_at)}
        </Text>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (content.trim()) change.mutate({ kind: 'reply', content: content.trim() });
        }}
      >
        <Stack gap="xs">
          <Textarea ref={area} label="Reply" description="Shoppers see it under the review" autosize minRows={3} maxLength={5000} value={content} onChange={(e) => setContent(e.currentTarget.value)} />
          <FormError error={change.error} />
          <Group>
            <Button type="submit" loading={change.isPending} disabled={!content.trim()}>
              {review.reply ? 'Update reply' : 'Publish reply'}
            </Button>
            {review.reply && (
              <Button variant="default" color="red" onClick={() => change.mutate({ kind: 'remove-reply' })}>
                Remove reply
              </Button>
            )}
          </Group>
          {change.isSuccess && (
            <Text size="sm" c="green.9" role="status">
              Reply saved
            </Text>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
