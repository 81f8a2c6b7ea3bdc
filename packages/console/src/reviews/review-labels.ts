// Wording and colours shared by the inbox, the review page and the dashboard.
export const STATUS_LABELS: Record<string, string> = { pending: 'Pending', published: 'Published', hidden: 'Hidden', spam: 'Spam' };
export const STATUS_COLORS: Record<string, string> = { pending: 'yellow', published: 'green', hidden: 'gray', spam: 'red' };

/** The fixed list a person hides with (issue #17), under the stored values the API keeps. */
export const HIDE_REASONS = [
  { value: 'spam', label: 'Spam' },
  { value: 'off_topic', label: 'Off-topic' },
  { value: 'offensive', label: 'Profanity' },
  { value: 'personal_information', label: 'Personal data' },
  { value: 'fake', label: 'Fake' },
  { value: 'other', label: 'Other' },
] as const;
export type HideReason = (typeof HIDE_REASONS)[number]['value'];
/** Labels of every stored reason, including one older clients may still have set. */
export const HIDE_REASON_LABELS: Record<string, string> = { ...Object.fromEntries(HIDE_REASONS.map((r) => [r.value, r.label])), conflict_of_interest: 'Conflict of interest' };

/** Why a moderation rule held a review (review detail `hold.reasons`). */
export const HOLD_REASON_LABELS: Record<string, string> = {
  rating: 'below the star threshold',
  link: 'link, email or phone number',
  blocked_word: 'blocked word',
  repeat_reviewer: 'second review of the product',
  not_verified: 'not a verified buyer',
};

export const stars = (rating: number) => '★'.repeat(rating) + '☆'.repeat(5 - rating);

export const formatDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
