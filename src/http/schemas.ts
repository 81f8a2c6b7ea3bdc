import { Type, type TSchema } from '@sinclair/typebox';

/** Shared wire primitives (spec README §2). */

/** Ids are decimal integers of at most 20 digits. */
export const ID_PATTERN = '^[0-9]{1,20}$';

/**
 * An id sent as a decimal string of at most 20 digits, or as a JSON number no larger than
 * 2^53 - 1 (larger numbers have already lost digits when parsed: send them as strings).
 * The string form is tried first, so a long id in a query string is never coerced to a number.
 */
export const IdInput = (description: string, options: { allowEmpty?: boolean } = {}) =>
  Type.Union(
    [
      Type.String({ pattern: options.allowEmpty ? '^([0-9]{1,20})?$' : ID_PATTERN, description: 'decimal digits, at most 20' }),
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'a number up to 2^53 - 1; send larger ids as strings' }),
    ],
    { description },
  );

/** 0/1 integer flags. Query strings carry them as "0"/"1". */
export const Flag = (description: string) => Type.Union([Type.Literal(0), Type.Literal(1)], { description });

/** Emitted ids: decimal strings. */
export const IdString = (description: string) => Type.String({ description, examples: ['9200305176832'] });

export const WireTime = (description: string) =>
  Type.String({
    description: `${description}; "YYYY-MM-DD HH:MM:SS" (UTC) or RFC 3339`,
    maxLength: 40,
    examples: ['2025-06-20 11:06:48'],
  });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ description: 'page number, 1-based; values below 1 mean 1', default: 1 })),
  page_size: Type.Optional(Type.Integer({ description: 'items per page, 1-100; larger values are clamped to 100', default: 20 })),
};

export const Pagination = Type.Object(
  {
    page: Type.Integer({ description: 'current page, 1-based' }),
    page_size: Type.Integer({ description: 'items per page' }),
    total_page: Type.Integer({ description: 'ceil(count / page_size); 0 when count is 0' }),
    count: Type.Integer({ description: 'total number of matching items' }),
  },
  { description: 'Pagination' },
);

export const PagedList = <T extends TSchema>(item: T) => Type.Object({ page: Pagination, list: Type.Array(item) });

/** Query list parameters arrive as one string or many (repeated, `a[0]=`, `a[]=`); commas also separate. */
export const QueryList = (description: string) =>
  Type.Union([Type.String(), Type.Array(Type.String())], {
    description: `${description}. Repeat the key, index it (key[0]=), or separate values with commas`,
  });

export function listValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function pageWindow(query: { page?: number; page_size?: number }) {
  const page = Math.max(1, Math.min(query.page ?? 1, 1_000_000));
  const pageSize = Math.max(1, Math.min(query.page_size ?? 20, 100));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export const pageInfo = (page: number, pageSize: number, count: number) => ({
  page,
  page_size: pageSize,
  total_page: Math.ceil(count / pageSize),
  count,
});

/** Values the docs' own samples send for "absent" (get_rating?product_handle=undefined). */
export const isAbsent = (value: string | undefined): value is undefined => value === undefined || value === '' || value === 'undefined' || value === 'null';
