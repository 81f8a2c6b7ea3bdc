/** A shop's wording of one email type in one language; '' = the built-in text (migration 1512). */
export interface EmailTextsTable {
  shop_id: number;
  /** request | reminder (other email types add theirs). */
  email_type: string;
  /** A supported language code, e.g. fr. */
  locale: string;
  subject: string;
  heading: string;
  body: string;
  button: string;
  updated_at: number;
}
