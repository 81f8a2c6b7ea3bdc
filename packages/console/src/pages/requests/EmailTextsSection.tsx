import { Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { FormError } from '../../components/FormError';
import { usePreviewEmail, useEmailTexts, useSaveEmailTexts, type TextParts } from './requests.queries';

export const LANGUAGES: { value: string; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'Français' },
  { value: 'de', label: 'Deutsch' },
  { value: 'es', label: 'Español' },
  { value: 'it', label: 'Italiano' },
  { value: 'nl', label: 'Nederlands' },
  { value: 'pt', label: 'Português' },
  { value: 'ja', label: '日本語' },
  { value: 'zh', label: '中文' },
  { value: 'ar', label: 'العربية' },
];
const TYPES = [
  { value: 'request', label: 'Request' },
  { value: 'reminder', label: 'Reminder' },
];
const EMPTY: TextParts = { subject: '', heading: '', body: '', button: '' };

/** The shop's own wording of each email per language, with a preview of the email as sent. */
export function EmailTextsSection({ shopId, isOwner }: { shopId: string; isOwner: boolean }) {
  const [emailType, setEmailType] = useState('request');
  const [locale, setLocale] = useState('en');
  const path = { shop_id: shopId, email_type: emailType, locale };
  const texts = useEmailTexts(path);
  const save = useSaveEmailTexts(path);
  const preview = usePreviewEmail(path);
  const form = useForm<TextParts>({ initialValues: EMPTY });
  // Until the chosen language's wording has arrived the fields are empty and locked: a save can never write one language's text into another.
  const loading = texts.data === undefined;
  useEffect(() => {
    form.setValues(texts.data ? { subject: texts.data.subject, heading: texts.data.heading, body: texts.data.body, button: texts.data.button } : EMPTY);
  }, [texts.data]);
  // Another email or language: the last save and preview were about the previous one.
  useEffect(() => {
    save.reset();
    preview.reset();
  }, [emailType, locale]);
  const hint = 'Empty: the built-in text';

  return (
    <Paper withBorder p="lg" mt="xl" maw={900} component="section" aria-labelledby="email-texts-title">
      <Stack>
        <Title order={2} size="h4" id="email-texts-title">
          Email wording
        </Title>
        <Text size="sm">
          Plain text with {'{first_name}'}, {'{customer_name}'}, {'{shop_name}'} and {'{order_name}'}. Each language has its own wording.
        </Text>
        <Group grow>
          <Select label="Email" data={TYPES} value={emailType} onChange={(v) => v && setEmailType(v)} allowDeselect={false} />
          <Select label="Language" data={LANGUAGES} value={locale} onChange={(v) => v && setLocale(v)} allowDeselect={false} />
        </Group>
        <FormError error={texts.error} />
        <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
          <Stack>
            <TextInput label="Subject" description={hint} maxLength={200} disabled={!isOwner || loading} {...form.getInputProps('subject')} />
            <TextInput label="Heading" description={hint} maxLength={200} disabled={!isOwner || loading} {...form.getInputProps('heading')} />
            <Textarea
              label="Text"
              description={`${hint} (greeting and text). A line break starts a paragraph.`}
              maxLength={2000}
              autosize
              minRows={3}
              disabled={!isOwner || loading}
              {...form.getInputProps('body')}
            />
            <TextInput label="Button" description={hint} maxLength={60} disabled={!isOwner || loading} {...form.getInputProps('button')} />
            <FormError error={save.error ?? preview.error} />
            {save.isSuccess && (
              <Text size="sm" c="green.9" role="status">
                Wording saved
              </Text>
            )}
            <Group>
              <Button variant="default" onClick={() => preview.mutate(form.getValues())} loading={preview.isPending}>
                Preview
              </Button>
              {isOwner && (
                <Button type="submit" loading={save.isPending} disabled={loading}>
                  Save wording
                </Button>
              )}
            </Group>
          </Stack>
        </form>
        {preview.data && (
          <Stack gap="xs">
            <Text size="sm">
              <b>Subject:</b> {preview.data.subject}
            </Text>
            {/* A sandboxed frame: the email's HTML runs nothing and reaches nothing of the console. */}
            <iframe title="Email preview" sandbox="" srcDoc={preview.data.html} style={{ width: '100%', height: 640, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
