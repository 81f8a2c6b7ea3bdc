import { Button, Center, Fieldset, Group, Loader, NumberInput, Paper, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session.queries';
import { EmailTextsSection, LANGUAGES } from './EmailTextsSection';
import { RewardsSection } from './RewardsSection';
import { formOf, settingsOf, useRequestSettings, useSaveRequestSettings, type RequestForm } from './requests.queries';

const days = (min: number, max: number) => (v: number) => (Number.isInteger(v) && v >= min && v <= max ? null : `Between ${min} and ${max} days`);
const reminder = (v: number) => (Number.isInteger(v) && v >= 0 && v <= 365 ? null : 'Between 0 and 365 days');

/** When and how review-request emails go out after an order (the request, up to three reminders, postponing, the daily cap), their wording, and the reward for reviews. */
export default function RequestsPage() {
  const shopId = useParams().shopId!;
  const session = useSession();
  const isOwner = session.data?.memberships.find((m) => m.shop_id === shopId)?.role === 'owner';
  const settings = useRequestSettings(shopId);
  const save = useSaveRequestSettings(shopId);
  const form = useForm<RequestForm>({
    initialValues: {
      enabled: false,
      delay_days: 7,
      reminder1: 0,
      reminder2: 0,
      reminder3: 0,
      remind_only_engaged: false,
      postpone_days: 7,
      daily_cap: 0,
      sender_name: '',
      product_ids: [],
      language: 'en',
    },
    validate: {
      delay_days: days(0, 365),
      reminder1: reminder,
      reminder2: reminder,
      reminder3: reminder,
      postpone_days: days(1, 60),
      daily_cap: (v: number) => (Number.isInteger(v) && v >= 0 && v <= 1_000_000 ? null : 'Between 0 and 1,000,000 emails'),
    },
  });
  useEffect(() => {
    if (settings.data) form.setValues(formOf(settings.data));
  }, [settings.data]);
  const { reminder1: first, reminder2: second } = form.values;

  return (
    <>
      <PageTitle>Review requests</PageTitle>
      <FormError error={settings.error} />
      {settings.isPending ? (
        <Center h={200}>
          <Loader aria-label="Loading the settings" />
        </Center>
      ) : (
        <Paper withBorder p="lg" maw={640} component="form" onSubmit={form.onSubmit((values) => save.mutate(settingsOf(values)))}>
          <Stack>
            <Switch label="Send review-request emails after orders" disabled={!isOwner} {...form.getInputProps('enabled', { type: 'checkbox' })} />
            <NumberInput label="Days after the order" min={0} max={365} disabled={!isOwner} {...form.getInputProps('delay_days')} />
            <Fieldset legend="Reminders (days after the previous email, 0 = none)">
              <Group grow align="start">
                <NumberInput label="First reminder" min={0} max={365} disabled={!isOwner} {...form.getInputProps('reminder1')} />
                <NumberInput label="Second reminder" min={0} max={365} disabled={!isOwner || !first} {...form.getInputProps('reminder2')} />
                <NumberInput label="Third reminder" min={0} max={365} disabled={!isOwner || !first || !second} {...form.getInputProps('reminder3')} />
              </Group>
              <Switch mt="md" label="Remind only shoppers who opened or clicked the previous email" disabled={!isOwner} {...form.getInputProps('remind_only_engaged', { type: 'checkbox' })} />
            </Fieldset>
            <NumberInput
              label="“Order not arrived yet” postpones by (days)"
              description="The link in every email moves the rest of the sequence"
              min={1}
              max={60}
              disabled={!isOwner}
              {...form.getInputProps('postpone_days')}
            />
            <NumberInput
              label="Daily send cap (emails, 0 = no cap)"
              description="Emails over the cap wait for the next day (UTC)"
              min={0}
              max={1_000_000}
              disabled={!isOwner}
              {...form.getInputProps('daily_cap')}
            />
            <TextInput label="Sender name" disabled={!isOwner} {...form.getInputProps('sender_name')} />
            <TagsInput label="Only for these product ids" description="Empty: every product" disabled={!isOwner} {...form.getInputProps('product_ids')} />
            <Select
              label="Default language"
              description="Used when the order carries no language of its own"
              data={LANGUAGES}
              allowDeselect={false}
              disabled={!isOwner}
              {...form.getInputProps('language')}
            />
            <FormError error={save.error} />
            {save.isSuccess && (
              <Text size="sm" c="green.9" role="status">
                Settings saved
              </Text>
            )}
            {isOwner && (
              <Button type="submit" loading={save.isPending}>
                Save settings
              </Button>
            )}
          </Stack>
        </Paper>
      )}
      <EmailTextsSection shopId={shopId} isOwner={isOwner} />
      <RewardsSection shopId={shopId} isOwner={isOwner} />
    </>
  );
}
