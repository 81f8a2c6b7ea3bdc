import { Anchor, Badge, Card, Center, Grid, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { formatDate, HIDE_REASON_LABELS, HOLD_REASON_LABELS } from '../../reviews/review-labels';
import { Stars } from '../../reviews/Stars';
import { StatusBadge } from '../../reviews/StatusBadge';
import { MediaGrid } from './MediaGrid';
import { ReplyEditor } from './ReplyEditor';
import { ReviewActions } from './ReviewActions';
import { ReviewHistory } from './ReviewHistory';
import { useReview, type ReviewDetail } from './review.queries';

/** One review: every field, its media, order and customer, history, moderation and reply. */
export default function ReviewPage() {
  const { shopId, reviewId } = useParams() as { shopId: string; reviewId: string };
  const [params] = useSearchParams();
  const review = useReview(shopId, reviewId);
  if (review.isPending)
    return (
      <Center h={240}>
        <Loader aria-label="Loading the review" />
      </Center>
    );
  if (!review.data) return <FormError error={review.error} />;
  const r = review.data;
  return (
    <>
      <Anchor component={Link} to={`/shops/${shopId}/reviews`} size="sm">
        ← Back to reviews
      </Anchor>
      <PageTitle>{`Review by ${r.author}`}</PageTitle>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Card withBorder>
              <Stack gap="xs">
                <Group gap="sm">
                  <Stars rating={r.rating} />
                  <StatusBadge status={r.status} />
                  {r.hide_reason && <Badge color="gray.7">{HIDE_REASON_LABELS[r.hide_reason] ?? r.hide_reason}</Badge>}
                  {r.featured && (
                    <Badge color="indigo" autoContrast>
                      Featured
                    </Badge>
                  )}
                  {r.pinned && <Badge color="indigo">Pinned</Badge>}
                </Group>
                {r.hold && (
                  <Text size="sm">
                    {`Held by a rule: ${r.hold.reasons.map((reason) => HOLD_REASON_LABELS[reason] ?? reason).join(', ')}. `}
                    {r.hold.released_at
                      ? `Published automatically on ${formatDate(r.hold.released_at)}.`
                      : r.status === 'pending'
                        ? "Published automatically after the shop's release delay unless hidden."
                        : ''}
                  </Text>
                )}
                {r.title && (
                  <Title order={2} size="h3">
                    {r.title}
                  </Title>
                )}
                <Text style={{ whiteSpace: 'pre-wrap' }}>{r.content}</Text>
              </Stack>
            </Card>
            <MediaGrid shopId={shopId} review={r} />
            <ReplyEditor shopId={shopId} review={r} focus={params.get('reply') === '1'} />
            <ReviewActions key={r.updated_at} shopId={shopId} review={r} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <ReviewFields review={r} />
            <OrderCard review={r} />
            <ReviewHistory review={r} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function ReviewFields({ review: r }: { review: ReviewDetail }) {
  const rows: [string, string][] = [
    ['Author', r.author],
    ['Email', r.author_email || '—'],
    ['Phone', r.author_phone || '—'],
    ['Country', r.author_country || '—'],
    ['Product', r.product_id === '0' ? 'Store review' : r.product_title ? `${r.product_title} (${r.product_id})` : r.product_id],
    ['Source', r.source || '—'],
    ['Verified buyer', r.verified ? 'Yes' : 'No'],
    ['Tag', r.tag || '—'],
    ['Written', formatDate(r.commented_at)],
    ['Received', formatDate(r.created_at)],
    ['Last change', formatDate(r.updated_at)],
  ];
  return (
    <Stack gap="xs" component="section" aria-labelledby="fields-heading">
      <Title order={2} size="h4" id="fields-heading">
        Details
      </Title>
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={140}>{label}</Table.Th>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function OrderCard({ review: r }: { review: ReviewDetail }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby="order-heading">
      <Title order={2} size="h4" id="order-heading">
        Order and customer
      </Title>
      {r.order ? (
        <Card withBorder>
          <Text fw={600}>{r.order.order_name || r.order.order_id}</Text>
          <Text size="sm">
            {r.order.customer_name} · {r.order.customer_email}
          </Text>
          <Text size="sm">Request status: {r.order.status}</Text>
          <Text size="xs" c="dark.3">
            Ordered {formatDate(r.order.created_at)}
          </Text>
        </Card>
      ) : (
        <Text size="sm" c="dark.3">
          This review did not come from a known order.
        </Text>
      )}
    </Stack>
  );
}
