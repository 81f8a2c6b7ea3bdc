import { Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import type { InboxFilter } from './inbox.filters';

const STATUS = [
  { value: '', label: 'All statuses' },
  { value: 'pending', label: 'Pending' },
  { value: 'published', label: 'Published' },
  { value: 'hidden', label: 'Hidden' },
  { value: 'spam', label: 'Spam' },
];
const MEDIA = [
  { value: '', label: 'With or without media' },
  { value: 'photo', label: 'Has photos' },
  { value: 'video', label: 'Has video' },
  { value: 'any', label: 'Has photos or video' },
  { value: 'none', label: 'No media' },
];
const VERIFIED = [
  { value: '', label: 'Verified or not' },
  { value: 'true', label: 'Verified buyers' },
  { value: 'false', label: 'Not verified' },
];
export const SORTS = [
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
  { value: 'rating_desc', label: 'Highest rating' },
  { value: 'rating_asc', label: 'Lowest rating' },
];

export function InboxFilters({ filter, onChange }: { filter: InboxFilter; onChange: (change: InboxFilter) => void }) {
  const [search, setSearch] = useState(filter.q ?? '');
  const searchLater = useDebouncedCallback((q: string) => onChange({ q: q.trim() }), 300);
  return (
    <Group gap="sm" align="end" wrap="wrap" mb="md">
      <TextInput
        label="Search"
        type="search"
        placeholder="Author, title, text or reply"
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          searchLater(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 260 }}
      />
      <Select label="Status" data={STATUS} value={filter.status ?? ''} onChange={(v) => onChange({ status: v ?? '' })} allowDeselect={false} w={150} />
      <MultiSelect
        label="Rating"
        placeholder={filter.rating ? undefined : 'Any'}
        data={['5', '4', '3', '2', '1'].map((r) => ({ value: r, label: `${r} star${r === '1' ? '' : 's'}` }))}
        value={filter.rating ? filter.rating.split(',') : []}
        onChange={(values) => onChange({ rating: values.join(',') })}
        w={200}
      />
      <Select label="Media" data={MEDIA} value={filter.media ?? ''} onChange={(v) => onChange({ media: v ?? '' })} allowDeselect={false} w={200} />
      <Select label="Verified" data={VERIFIED} value={filter.verified ?? ''} onChange={(v) => onChange({ verified: v ?? '' })} allowDeselect={false} w={170} />
      <TextInput label="Product id" defaultValue={filter.product_id ?? ''} onBlur={(e) => onChange({ product_id: e.currentTarget.value.trim() })} w={150} />
      <TextInput label="Source" defaultValue={filter.source ?? ''} onBlur={(e) => onChange({ source: e.currentTarget.value.trim() })} w={150} />
      <TextInput label="From" type="date" value={filter.from ?? ''} onChange={(e) => onChange({ from: e.currentTarget.value })} w={160} />
      <TextInput label="To" type="date" value={filter.to ?? ''} onChange={(e) => onChange({ to: e.currentTarget.value })} w={160} />
      <Select label="Sort" data={SORTS} value={filter.sort ?? 'newest'} onChange={(v) => onChange({ sort: v === 'newest' ? '' : (v ?? '') })} allowDeselect={false} w={170} />
    </Group>
  );
}
