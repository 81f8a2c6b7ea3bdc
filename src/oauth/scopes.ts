import { invalidArgument } from '../http/errors.ts';

/** Merchant-grantable scopes (spec oauth2.md §3) with the words the consent page shows. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  read_reviews: 'Read your reviews and star ratings',
  write_reviews: 'Read, create and delete reviews, upload review media, and receive review webhooks',
  read_orders: 'Read your orders',
  write_orders: 'Send your orders and fulfilments (to schedule review-request emails)',
  read_customer_events: 'Read customer events and receive customer event webhooks',
  read_customers: 'Read your customer exclusion list',
  write_customers: 'Read and manage the customer exclusion list, and unsubscribe customers from emails',
  read_questions: 'Read product questions and answers, and receive question webhooks',
  write_questions: 'Answer, publish and hide product questions',
};

export const ALL_SCOPES: readonly string[] = Object.keys(SCOPE_DESCRIPTIONS).sort();

/** `write_X` implies `read_X` (spec oauth2.md §3.2). */
const IMPLIED: Readonly<Record<string, string>> = {
  write_reviews: 'read_reviews',
  write_orders: 'read_orders',
  write_customers: 'read_customers',
  write_questions: 'read_questions',
};

/** Parses a comma- or space-separated scope list; unknown names are an error naming `field`. */
export function parseScopes(text: string | undefined, field = 'scope'): string[] {
  const names = (text ?? '').split(/[\s,]+/).filter((s) => s !== '');
  for (const name of names) {
    if (!(name in SCOPE_DESCRIPTIONS)) throw invalidArgument(field, `has an unknown scope "${name.slice(0, 64)}"`);
  }
  return [...new Set(names)].sort();
}

/** Storage and response form: comma-separated, de-duplicated, sorted, no spaces. */
export const formatScopes = (scopes: Iterable<string>): string => [...new Set(scopes)].sort().join(',');

export const splitStoredScopes = (stored: string): string[] => (stored === '' ? [] : stored.split(','));

/** The scopes a caller holds, with implied ones added. */
export function withImplied(scopes: Iterable<string>): Set<string> {
  const result = new Set<string>();
  for (const scope of scopes) {
    result.add(scope);
    const implied = IMPLIED[scope];
    if (implied) result.add(implied);
  }
  return result;
}

/** True when every scope of `wanted` is held by `held` (implications counted). */
export function isCoveredBy(wanted: Iterable<string>, held: Iterable<string>): boolean {
  const have = withImplied(held);
  for (const scope of wanted) if (!have.has(scope)) return false;
  return true;
}
