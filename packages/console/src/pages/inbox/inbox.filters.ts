import { useSearchParams } from 'react-router';

/** The inbox filter lives in the URL: deep links, reloads and the back button keep it. */
export const FILTER_KEYS = ['status', 'rating', 'media', 'product_id', 'source', 'verified', 'from', 'to', 'q', 'sort'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type InboxFilter = Partial<Record<FilterKey, string>>;

export function useInboxFilter(): [InboxFilter, (change: InboxFilter) => void] {
  const [params, setParams] = useSearchParams();
  const filter: InboxFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  const update = (change: InboxFilter) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  return [filter, update];
}

/** Dates from the date inputs (YYYY-MM-DD, local) as the API's RFC 3339 bounds: from ≤ t < the day after `to`. */
export function apiQuery(filter: InboxFilter) {
  const { from, to, ...rest } = filter;
  const query: Record<string, string> = { ...rest };
  if (from) query.from = new Date(`${from}T00:00:00`).toISOString();
  if (to) {
    const end = new Date(`${to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    query.to = end.toISOString();
  }
  return query;
}

/** The filter of a bulk job ("all N matching"): the inbox query without its sort. */
export const jobFilter = (filter: InboxFilter) => {
  const { sort: _sort, ...query } = apiQuery(filter);
  return query;
};
