// Wording and colours shared by the inbox, the review page and the dashboard.
export const STATUS_LABELS: Record<string, string> = { pending: 'Pending', published: 'Published', hidden: 'Hidden', spam: 'Spam' };
export const STATUS_COLORS: Record<string, string> = { pending: 'yellow', published: 'green', hidden: 'gray', spam: 'red' };

export const HIDE_REASONS = [
  { value: 'spam', label: 'Spam' },
  { value: 'offensive', label: 'Offensive' },
  { value: 'off_topic', label: 'Off topic' },
  { value: 'personal_information', label: 'Personal information' },
  { value: 'fake', label: 'Fake' },
  { value: 'conflict_of_interest', label: 'Conflict of interest' },
  { value: 'other', label: 'Other' },
] as const;
export type HideReason = (typeof HIDE_REASONS)[number]['value'];

export const stars = (rating: number) => '★'.repeat(rating) + '☆'.repeat(5 - rating);

export const formatDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
