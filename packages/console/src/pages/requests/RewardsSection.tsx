import { Alert, Badge, Button, FileInput, Group, NumberInput, Paper, SegmentedControl, Stack, Switch, Text, TextInput, Title, useMatches } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { FormError } from '../../components/FormError';
import { MAX_CODE_FILE_BYTES, settingsOfView, useAddRewardCodes, useRewards, useSaveRewards, type RewardSettings } from './rewards.queries';

const EMPTY: RewardSettings = { enabled: false, requires_media: false, code_source: 'pool', static_code: '', offer_text: '', low_pool_threshold: 10 };

/**
 * The reward for reviews written from review-request emails: on/off, any review or only with media,
 * one static code or a pool of single-use codes (uploaded here), and the low-pool warning.
 * Owners edit; other members read.
 */
export function RewardsSection({ shopId, isOwner }: { shopId: string; isOwner: boolean }) {
  // Long choices stack on a phone instead of running off the card.
  const choices = useMatches({ base: 'vertical', sm: 'horizontal' } as const);
  const rewards = useRewards(shopId);
  const save = useSaveRewards(shopId);
  const form = useForm<RewardSettings>({
    initialValues: EMPTY,
    validate: {
      offer_text: (v, values) => (values.enabled && v.trim() === '' ? 'Say what the reward is: shoppers must know' : v.length > 200 ? 'At most 200 characters' : null),
      static_code: (v, values) => (values.code_source === 'static' && values.enabled && v.trim() === '' ? 'Enter the code every reviewer gets' : /\s/.test(v.trim()) ? 'No spaces in a code' : null),
      low_pool_threshold: (v) => (Number.isInteger(v) && v >= 0 && v <= 100_000 ? null : 'Between 0 and 100,000 codes'),
    },
  });
  const loading = rewards.data === undefined;
  useEffect(() => {
    if (rewards.data) form.setValues(settingsOfView(rewards.data));
  }, [rewards.data]);
  const pool = form.values.code_source === 'pool';
  const editable = isOwner && !loading;

  return (
    <Paper withBorder p="lg" mt="xl" maw={640} component="section" aria-labelledby="rewards-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="rewards-title">
            Rewards for reviews
          </Title>
          {rewards.data && (
            <Badge color={rewards.data.offering ? 'teal.9' : 'gray.7'} variant="filled" autoContrast>
              {rewards.data.offering ? 'Offered now' : 'Not offered'}
            </Badge>
          )}
        </Group>
        <Alert color="blue" title="Whatever the rating">
          The reward is sent after every review written under the offer, whatever its rating: rewarding only positive reviews is illegal in the US, the EU and the UK. Rewarded reviews are marked
          “Rewarded review” on the storefront.
        </Alert>
        <FormError error={rewards.error} />
        <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
          <Stack>
            <Switch label="Offer a reward in review-request emails" disabled={!editable} {...form.getInputProps('enabled', { type: 'checkbox' })} />
            <TextInput
              label="What the reward is"
              description="Plain text shown to shoppers, e.g. “10% off your next order”"
              maxLength={200}
              disabled={!editable}
              {...form.getInputProps('offer_text')}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="rewards-for">
                Reward
              </Text>
              <SegmentedControl
                orientation={choices}
                fullWidth
                aria-labelledby="rewards-for"
                disabled={!editable}
                data={[
                  { value: 'any', label: 'Any review' },
                  { value: 'media', label: 'Reviews with a photo or video' },
                ]}
                value={form.values.requires_media ? 'media' : 'any'}
                onChange={(v) => form.setFieldValue('requires_media', v === 'media')}
              />
            </Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="rewards-codes">
                Discount codes
              </Text>
              <SegmentedControl
                orientation={choices}
                fullWidth
                aria-labelledby="rewards-codes"
                disabled={!editable}
                data={[
                  { value: 'static', label: 'One code for everyone' },
                  { value: 'pool', label: 'Single-use codes from a pool' },
                ]}
                value={form.values.code_source}
                onChange={(v) => form.setFieldValue('code_source', v === 'static' ? 'static' : 'pool')}
              />
            </Stack>
            {pool ? (
              <NumberInput
                label="Warn the owners when unused codes fall to"
                description="One email; an empty pool promises nothing"
                min={0}
                max={100_000}
                disabled={!editable}
                {...form.getInputProps('low_pool_threshold')}
              />
            ) : (
              <TextInput label="Code" description="Every rewarded reviewer gets this code" maxLength={64} disabled={!editable} {...form.getInputProps('static_code')} />
            )}
            <FormError error={save.error} />
            {save.isSuccess && (
              <Text size="sm" c="green.9" role="status">
                Reward saved
              </Text>
            )}
            {isOwner && (
              <Button type="submit" loading={save.isPending} disabled={loading}>
                Save reward
              </Button>
            )}
          </Stack>
        </form>
        {pool && rewards.data && <CodePool shopId={shopId} isOwner={isOwner} unused={rewards.data.unused_codes} threshold={rewards.data.low_pool_threshold} />}
      </Stack>
    </Paper>
  );
}

/** How many pool codes are left, and (owners) a file of new codes to add. */
function CodePool({ shopId, isOwner, unused, threshold }: { shopId: string; isOwner: boolean; unused: number; threshold: number }) {
  const add = useAddRewardCodes(shopId);
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const upload = async () => {
    if (!file) return;
    setTooLarge(file.size > MAX_CODE_FILE_BYTES);
    if (file.size > MAX_CODE_FILE_BYTES) return;
    add.mutate(await file.text(), { onSuccess: () => setFile(null) });
  };
  return (
    <Stack gap="xs">
      <Text size="sm" role="status" aria-live="polite">
        {unused === 1 ? '1 unused code' : `${unused} unused codes`} in the pool{unused <= threshold ? ' (low)' : ''}
      </Text>
      {isOwner && (
        <Group align="end">
          <FileInput
            label="Add codes from a file"
            description="One code per line, or a CSV file's first column; codes already in the pool are skipped"
            accept=".txt,.csv,text/plain,text/csv"
            value={file}
            onChange={setFile}
            clearable
            style={{ flex: 1 }}
          />
          <Button variant="default" onClick={() => void upload()} disabled={!file} loading={add.isPending}>
            Upload codes
          </Button>
        </Group>
      )}
      {tooLarge && (
        <Alert color="red" role="alert" title="That did not work">
          The file is larger than 900 KB: add it with the command line (npx plaudit rewards codes add).
        </Alert>
      )}
      <FormError error={add.error} />
      {add.data && (
        <Text size="sm" c="green.9" role="status">
          {`${add.data.added} codes added, ${add.data.skipped} already in the pool; ${add.data.available} unused now`}
        </Text>
      )}
    </Stack>
  );
}
