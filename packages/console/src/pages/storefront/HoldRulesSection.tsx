import { Button, NumberInput, Stack, Switch, TagsInput, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { FormError } from '../../components/FormError';
import { useModerationRule, useSaveModerationRules, type ModerationSettings } from './storefront.queries';

type HoldRules = Omit<ModerationSettings, 'min_publish_rating'>;

/** Rules beyond the star threshold for shoppers' reviews, and when held reviews are published anyway. */
export function HoldRulesSection({ shopId, canEdit }: { shopId: string; canEdit: boolean }) {
  const rules = useModerationRule(shopId);
  const save = useSaveModerationRules(shopId);
  const form = useForm<HoldRules>({
    initialValues: { hold_links: false, blocked_words: [], hold_repeat_reviewers: false, verified_only: false, release_after_days: 14 },
    validate: { release_after_days: (v: number) => (Number.isInteger(v) && v >= 0 && v <= 365 ? null : 'Between 0 and 365 days') },
  });
  useEffect(() => {
    if (rules.data) {
      const { min_publish_rating: _rating, ...hold } = rules.data;
      form.setValues(hold);
    }
  }, [rules.data]);
  return (
    <Stack gap="sm" component="section" aria-labelledby="hold-rules-heading">
      <Title order={2} size="h3" id="hold-rules-heading">
        Hold for moderation
      </Title>
      <FormError error={rules.error ?? save.error} />
      {rules.data && (
        <form onSubmit={form.onSubmit((values) => save.mutate({ ...values, min_publish_rating: rules.data.min_publish_rating }))}>
          <Stack gap="sm">
            <Switch label="Reviews with links, email addresses or phone numbers" disabled={!canEdit} {...form.getInputProps('hold_links', { type: 'checkbox' })} />
            <Switch label="A second review of the same product from the same address" disabled={!canEdit} {...form.getInputProps('hold_repeat_reviewers', { type: 'checkbox' })} />
            <Switch label="Every review not from a verified buyer" disabled={!canEdit} {...form.getInputProps('verified_only', { type: 'checkbox' })} />
            <TagsInput label="Reviews with these words" description="Whole words, any case" maxTags={200} disabled={!canEdit} {...form.getInputProps('blocked_words')} />
            <NumberInput
              label="Publish held reviews nobody rejected after (days, 0 = never)"
              description="A held review is never held forever: hide it with a reason to keep it off the storefront"
              min={0}
              max={365}
              disabled={!canEdit}
              {...form.getInputProps('release_after_days')}
            />
            {canEdit && (
              <div>
                <Button type="submit" loading={save.isPending}>
                  Save moderation rules
                </Button>
              </div>
            )}
          </Stack>
        </form>
      )}
      {save.isSuccess && (
        <Text size="sm" c="green.9" role="status">
          Moderation rules saved
        </Text>
      )}
    </Stack>
  );
}
