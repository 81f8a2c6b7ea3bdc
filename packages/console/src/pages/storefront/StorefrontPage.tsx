import { Button, Card, Code, CopyButton, Group, Select, SimpleGrid, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session.queries';
import { AlertsSection } from './AlertsSection';
import { HoldRulesSection } from './HoldRulesSection';
import { AppearanceSection } from './AppearanceSection';
import { installSnippet, WidgetPreview } from './WidgetPreview';
import { useAppearance, useModerationRule, useSaveAppearance, useSaveModerationRule, useSaveTransparency, useShopInfo, useTransparency, type WidgetAppearance } from './storefront.queries';

const RULES = [
  { value: '1', label: 'Publish every review at once' },
  { value: '2', label: 'Hold 1-star reviews for moderation' },
  { value: '3', label: 'Hold reviews under 3 stars' },
  { value: '4', label: 'Hold reviews under 4 stars' },
  { value: '5', label: 'Publish 5-star reviews only; hold the rest' },
  { value: '6', label: 'Hold every review for moderation' },
];

/** The moderation rule, transparency page, widget appearance with a live preview, and the install snippet. */
export default function StorefrontPage() {
  const shopId = useParams().shopId!;
  const session = useSession();
  const isOwner = session.data?.memberships.find((m) => m.shop_id === shopId)?.role === 'owner';
  const shop = useShopInfo(shopId);
  const rule = useModerationRule(shopId);
  const saveRule = useSaveModerationRule(shopId);
  const transparency = useTransparency(shopId);
  const saveTransparency = useSaveTransparency(shopId);
  const [minRating, setMinRating] = useState<string | null>(null);
  useEffect(() => {
    if (rule.data) setMinRating(String(rule.data.min_publish_rating));
  }, [rule.data]);
  const appearance = useAppearance(shopId);
  const saveAppearance = useSaveAppearance(shopId);
  // The unsaved appearance: edited in the form, drawn by the live preview.
  const [draft, setDraft] = useState<WidgetAppearance | null>(null);
  useEffect(() => {
    if (appearance.data) setDraft(appearance.data);
  }, [appearance.data]);
  const domain = shop.data?.domain ?? '';
  const snippet = installSnippet(location.origin, domain);

  return (
    <>
      <PageTitle>Storefront</PageTitle>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <Stack gap="xl">
          <Stack gap="sm" component="section" aria-labelledby="rule-heading">
            <Title order={2} size="h3" id="rule-heading">
              Moderation rule
            </Title>
            <FormError error={rule.error ?? saveRule.error} />
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (minRating) saveRule.mutate(Number(minRating));
              }}
            >
              <Group align="end" wrap="wrap">
                <Select label="New reviews" data={RULES} value={minRating} onChange={setMinRating} allowDeselect={false} disabled={!isOwner} w={{ base: '100%', sm: 360 }} />
                {isOwner && (
                  <Button type="submit" loading={saveRule.isPending}>
                    Save rule
                  </Button>
                )}
              </Group>
            </form>
            {saveRule.isSuccess && (
              <Text size="sm" c="green.9" role="status">
                Rule saved
              </Text>
            )}
          </Stack>
          <HoldRulesSection shopId={shopId} canEdit={isOwner} />
          <AlertsSection shopId={shopId} canEdit={isOwner} />
          <Stack gap="sm" component="section" aria-labelledby="transparency-heading">
            <Title order={2} size="h3" id="transparency-heading">
              Transparency page
            </Title>
            <FormError error={transparency.error ?? saveTransparency.error} />
            <Switch
              label="Publish how many reviews were hidden, by reason and month"
              checked={transparency.data?.enabled ?? false}
              disabled={!isOwner || !transparency.data}
              onChange={(e) => saveTransparency.mutate(e.currentTarget.checked)}
            />
            {transparency.data?.enabled && domain && (
              <Text size="sm">
                Shoppers find it at <Code>{`${location.origin}/s/${domain}/transparency`}</Code>
              </Text>
            )}
          </Stack>
          {appearance.error && <FormError error={appearance.error} />}
          {draft && (
            <AppearanceSection
              draft={draft}
              onChange={setDraft}
              onSave={() => saveAppearance.mutate(draft)}
              canEdit={isOwner}
              saving={saveAppearance.isPending}
              saved={saveAppearance.isSuccess}
              error={saveAppearance.error}
            />
          )}
          <Stack gap="sm" component="section" aria-labelledby="install-heading">
            <Title order={2} size="h3" id="install-heading">
              Install
            </Title>
            <Textarea
              label="Install snippet"
              description="Paste it where the reviews should show (a product page template); it shows the saved appearance"
              value={snippet}
              readOnly
              autosize
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton value={snippet}>
              {({ copied, copy }) => (
                <div>
                  <Button variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy snippet'}
                  </Button>
                </div>
              )}
            </CopyButton>
          </Stack>
        </Stack>
        <Card withBorder component="section" aria-labelledby="preview-heading">
          <Title order={2} size="h3" id="preview-heading" mb="sm">
            Live preview
          </Title>
          {domain && draft && <WidgetPreview shop={domain} appearance={draft} />}
        </Card>
      </SimpleGrid>
    </>
  );
}
