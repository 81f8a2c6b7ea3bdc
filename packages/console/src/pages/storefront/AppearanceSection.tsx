import { Button, Checkbox, ColorInput, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { BLOCKS, TEXT_KEYS, type Block, type TextKey } from '../../../../widget/src/appearance.ts';
import { messages, widgetLanguages } from '../../../../widget/src/i18n.ts';
import { FormError } from '../../components/FormError';
import type { WidgetAppearance } from './storefront.queries';

const BLOCK_LABELS: Record<Block, string> = {
  summary: 'Rating summary (average and count)',
  histogram: 'Star bars (filter by stars)',
  filters: 'Filters and sorting',
  photos: 'Photos and videos in reviews',
  write_button: 'Write-a-review button (product reviews)',
  questions: 'Questions tab (product reviews)',
};
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español', ar: 'العربية', he: 'עברית' };
const COLOR = /^#([0-9a-f]{3}){1,2}$/i;
const TEXT_MAX = 150;

interface Props {
  draft: WidgetAppearance;
  onChange: (next: WidgetAppearance) => void;
  onSave: () => void;
  canEdit: boolean;
  saving: boolean;
  saved: boolean;
  error: unknown;
}

/** Colours, theme, density, shown blocks and the shop's own texts per language; the live preview shows the unsaved values. */
export function AppearanceSection({ draft, onChange, onSave, canEdit, saving, saved, error }: Props) {
  const [language, setLanguage] = useState('en');
  const set = <K extends keyof WidgetAppearance>(key: K, value: WidgetAppearance[K]) => onChange({ ...draft, [key]: value });
  const starError = COLOR.test(draft.star_color) ? null : 'A colour like #f5a623';
  const accentError = draft.accent_color === null || COLOR.test(draft.accent_color) ? null : 'A colour like #1f1f1f, or empty for the theme’s';
  const builtIn = messages(language);
  const own = (draft.texts as Record<string, Partial<Record<TextKey, string>> | undefined>)[language] ?? {};
  const setText = (key: TextKey, value: string) => set('texts', { ...draft.texts, [language]: { ...own, [key]: value } });
  return (
    <Stack gap="sm" component="section" aria-labelledby="appearance-heading">
      <Title order={2} size="h3" id="appearance-heading">
        Widget appearance
      </Title>
      <FormError error={error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!starError && !accentError) onSave();
        }}
      >
        <Stack gap="md">
          <Group align="start" wrap="wrap">
            <ColorInput withEyeDropper={false} label="Star colour" value={draft.star_color} onChange={(v) => set('star_color', v)} error={starError} disabled={!canEdit} w={180} />
            <ColorInput
              withEyeDropper={false}
              label="Accent colour"
              description="Buttons and the active filter; empty: the theme’s"
              placeholder="Theme default"
              value={draft.accent_color ?? ''}
              onChange={(v) => set('accent_color', v === '' ? null : v)}
              error={accentError}
              disabled={!canEdit}
              w={220}
            />
          </Group>
          <Group align="end" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="theme-label">
                Theme
              </Text>
              <SegmentedControl
                aria-labelledby="theme-label"
                disabled={!canEdit}
                data={[
                  { value: 'auto', label: 'Auto' },
                  { value: 'light', label: 'Light' },
                  { value: 'dark', label: 'Dark' },
                ]}
                value={draft.theme}
                onChange={(v) => set('theme', v as WidgetAppearance['theme'])}
              />
            </Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="density-label">
                Density
              </Text>
              <SegmentedControl
                aria-labelledby="density-label"
                disabled={!canEdit}
                data={[
                  { value: 'comfortable', label: 'Comfortable' },
                  { value: 'compact', label: 'Compact' },
                ]}
                value={draft.density}
                onChange={(v) => set('density', v as WidgetAppearance['density'])}
              />
            </Stack>
          </Group>
          <Checkbox.Group
            label="Blocks shown"
            description="Attributes in a page’s snippet (data-show-form, data-questions) still win"
            value={BLOCKS.filter((b) => draft.blocks[b])}
            onChange={(shown) => set('blocks', Object.fromEntries(BLOCKS.map((b) => [b, shown.includes(b)])) as WidgetAppearance['blocks'])}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
              {BLOCKS.map((b) => (
                <Checkbox key={b} value={b} label={BLOCK_LABELS[b]} disabled={!canEdit} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Stack gap="xs">
            <Select
              label="Texts in"
              description="Your own wording; empty fields use the built-in text shown in grey"
              data={widgetLanguages().map((value) => ({ value, label: LANGUAGE_NAMES[value] ?? value }))}
              value={language}
              onChange={(v) => v && setLanguage(v)}
              allowDeselect={false}
              w={{ base: '100%', sm: 240 }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              {TEXT_KEYS.map((key) => (
                <TextInput
                  key={`${language}-${key}`}
                  label={messages('en')[key]}
                  placeholder={builtIn[key]}
                  value={own[key] ?? ''}
                  maxLength={TEXT_MAX}
                  disabled={!canEdit}
                  dir="auto"
                  onChange={(e) => setText(key, e.currentTarget.value)}
                />
              ))}
            </SimpleGrid>
          </Stack>
          {canEdit && (
            <div>
              <Button type="submit" loading={saving}>
                Save appearance
              </Button>
            </div>
          )}
        </Stack>
      </form>
      {saved && (
        <Text size="sm" c="green.9" role="status">
          Appearance saved
        </Text>
      )}
    </Stack>
  );
}
