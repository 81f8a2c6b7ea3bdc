import { Button, Center, Loader, NumberInput, Paper, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session.queries';
import { EmailTextsSection, LANGUAGES } from './EmailTextsSection';
import { useRequestSettings, useSaveRequestSettings, type RequestSettings } from './requests.queries';

/** When and how review-request emails go out after an order. */
export default function RequestsPage() {
  const shopId = useParams().shopId!;
  const session = useSession();
  const isOwner = session.data?.memberships.find((m) => m.shop_id === shopId)?.role === 'owner';
  const settings = useRequestSettings(shopId);
  const save = useSaveRequestSettings(shopId);
  const form = useForm<RequestSettings>({
    initialValues: { enabled: false, delay_days: 7, reminder_days: 0, sender_name: '', product_ids: [], language: 'en' } as unknown as RequestSettings,
    validate: {
      delay_days: (v: number) => (v >= 0 && v <= 365 ? null : 'Between 0 and 365 days'),
      reminder_days: (v: number) => (v >= 0 && v <= 365 ? null : 'Between 0 and 365 days'),
    } as never,
  });
  useEffect(() => {
    if (settings.data) form.setValues(settings.data);
  }, [settings.data]);

  return (
    <>
      <PageTitle>Review requests</PageTitle>
      <FormError error={settings.error} />
      {settings.isPending ? (
        <Center h={200}><Loader aria-label="Loading the settings" /></Center>
      ) : (
        <Paper withBorder p="lg" maw={640} component="form" onSubmit={form.onSubmit((values) => save.mutate(values))}>
          <Stack>
            <Switch label="Send review-request emails after orders" disabled={!isOwner} {...form.getInputProps('enabled', { type: 'checkbox' })} />
            <NumberInput label="Days after the order" min={0} max={365} disabled={!isOwner} {...form.getInputProps('delay_days')} />
            <NumberInput label="Reminder after (days, 0 = none)" min={0} max={365} disabled={!isOwner} {...form.getInputProps('reminder_days')} />
            <TextInput label="Sender name" disabled={!isOwner} {...form.getInputProps('sender_name')} />
            <TagsInput label="Only for these product ids" description="Empty: every product" disabled={!isOwner} {...form.getInputProps('product_ids')} />
            <Select label="Default language" description="Used when the order carries no language of its own" data={LANGUAGES} allowDeselect={false} disabled={!isOwner} {...form.getInputProps('language')} />
            <FormError error={save.error} />
            {save.isSuccess && <Text size="sm" c="green.9" role="status">Settings saved</Text>}
            {isOwner && <Button type="submit" loading={save.isPending}>Save settings</Button>}
          </Stack>
        </Paper>
      )}
      <EmailTextsSection shopId={shopId} isOwner={isOwner} />
    </>
  );
}
