import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Anchor, Card, Center, Group, Loader, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../reviews/review-labels';
import { Stars } from '../../reviews/Stars';
import { useDashboard, type Dashboard } from './dashboard.queries';

const percent = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`);

/** The shop at a glance: rating and trend, what waits for moderation, the request funnel, the latest low ratings. */
export default function DashboardPage() {
  const shopId = useParams().shopId!;
  const dashboard = useDashboard(shopId);
  if (dashboard.isPending)
    return (
      <>
        <PageTitle>Dashboard</PageTitle>
        <Center h={240}>
          <Loader aria-label="Loading the dashboard" />
        </Center>
      </>
    );
  if (!dashboard.data)
    return (
      <>
        <PageTitle>Dashboard</PageTitle>
        <FormError error={dashboard.error} />
      </>
    );
  const d = dashboard.data;
  return (
    <>
      <PageTitle>Dashboard</PageTitle>
      <SimpleGrid cols={{ base: 2, md: 4 }} mb="lg">
        <Figure label="Average rating" value={d.rating.count ? d.rating.average.toFixed(2) : '—'} hint={`${d.rating.count} published reviews`} />
        <Figure label="Awaiting moderation" value={String(d.pending_count)} link={`/shops/${shopId}/reviews?status=pending`} />
        <Figure label="New this week" value={String(d.new_this_week)} />
        <Figure label="With photos" value={`${Math.round(d.photo_share * 100)}%`} />
      </SimpleGrid>
      <Card withBorder mb="lg" component="section" aria-labelledby="trend-heading">
        <Title order={2} size="h4" id="trend-heading" mb="sm">
          Reviews per week, last 12 months
        </Title>
        <LineChart
          h={240}
          data={d.trend.map((w) => ({ week: w.week_start.slice(0, 10), Reviews: w.count, 'Average rating': w.average ?? null }))}
          dataKey="week"
          series={[
            { name: 'Reviews', color: 'indigo.8' },
            { name: 'Average rating', color: 'orange.8', yAxisId: 'right' },
          ]}
          withRightYAxis
          withLegend
          yAxisLabel="Reviews"
          rightYAxisLabel="Average rating"
          rightYAxisProps={{ domain: [1, 5] }}
          curveType="monotone"
          connectNulls
          // Small dots: a week with reviews between empty weeks (or a single week) would otherwise draw nothing.
          dotProps={{ r: 2 }}
        />
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Funnel funnel={d.funnel} />
        <LowRatings shopId={shopId} reviews={d.latest_low_ratings} />
      </SimpleGrid>
    </>
  );
}

function Figure({ label, value, hint, link }: { label: string; value: string; hint?: string; link?: string }) {
  return (
    <Card withBorder>
      <Text size="sm">{label}</Text>
      <Text fz={28} fw={700}>
        {link ? (
          <Anchor component={Link} to={link} inherit>
            {value}
          </Anchor>
        ) : (
          value
        )}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

function Funnel({ funnel }: { funnel: Dashboard['funnel'] }) {
  // Each step is counted within the one before (a click implies an open), so each conversion is "of the step before".
  const steps: [string, number][] = [
    ['Sent', funnel.sent],
    ['Opened', funnel.opened],
    ['Clicked', funnel.clicked],
    ['Reviewed', funnel.reviewed],
  ];
  return (
    <Card withBorder component="section" aria-labelledby="funnel-heading">
      <Title order={2} size="h4" id="funnel-heading" mb="sm">
        Review requests
      </Title>
      <Stack gap="sm">
        {steps.map(([label, count], i) => {
          const before = i > 0 ? steps[i - 1]! : null;
          return (
            <div key={label}>
              <Group justify="space-between">
                <Text size="sm">{label}</Text>
                <Text size="sm">{`${count}${before ? ` · ${percent(count, before[1])} of ${before[0].toLowerCase()}` : ''}`}</Text>
              </Group>
              <Progress value={funnel.sent ? (count / funnel.sent) * 100 : 0} aria-label={`${label}: ${count}`} />
            </div>
          );
        })}
      </Stack>
    </Card>
  );
}

function LowRatings({ shopId, reviews }: { shopId: string; reviews: Dashboard['latest_low_ratings'] }) {
  return (
    <Card withBorder component="section" aria-labelledby="low-heading">
      <Title order={2} size="h4" id="low-heading" mb="sm">
        Latest low ratings
      </Title>
      {reviews.length === 0 ? (
        <Text size="sm">No review of two stars or fewer.</Text>
      ) : (
        <Stack gap="xs">
          {reviews.map((r) => (
            <div key={r.id}>
              <Group gap="xs">
                <Stars rating={r.rating} />
                <Anchor component={Link} to={`/shops/${shopId}/reviews/${r.id}`} size="sm" lineClamp={1}>
                  {r.title || r.content.slice(0, 60) || 'Untitled'}
                </Anchor>
              </Group>
              <Text size="xs" c="dimmed">
                {r.author} · {formatDate(r.commented_at)}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}
