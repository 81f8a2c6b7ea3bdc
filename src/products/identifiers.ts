import { invalidArgument } from '../http/errors.ts';

/** What Google matches a product by (google-feed.md): GTIN first, then SKU, then brand + MPN. */
export interface ProductIdentifiers {
  gtin: string;
  mpn: string;
  sku: string;
  brand: string;
}

export type ProductIdentifiersInput = Partial<Record<keyof ProductIdentifiers, string | undefined>>;

export const IDENTIFIER_FIELDS = ['gtin', 'mpn', 'sku', 'brand'] as const;
const MAX_LENGTH = { gtin: 32, mpn: 70, sku: 100, brand: 70 } as const;

/** GTIN-8, -12 (UPC), -13 (EAN) and -14 lengths. */
const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** The GS1 check digit of the digits before it (weights 3,1,3,… from the right). */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** Why a GTIN is not valid, or null. Spaces and dashes are tolerated (removed by normaliseGtin). */
export function gtinProblem(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^[0-9]+$/.test(digits)) return 'must contain only digits (spaces and dashes allowed)';
  if (!GTIN_LENGTHS.has(digits.length)) return `must have 8, 12, 13 or 14 digits (has ${digits.length})`;
  if (gtinCheckDigit(digits.slice(0, -1)) !== Number(digits.at(-1))) return 'has a wrong check digit';
  return null;
}

/**
 * Checks and normalises the identifiers that were given (undefined = not given, '' = clear).
 * Errors name the field under `prefix` (e.g. `orders[0].line_items[1].`).
 */
export function normaliseIdentifiers(input: ProductIdentifiersInput, prefix = ''): Partial<ProductIdentifiers> {
  const result: Partial<ProductIdentifiers> = {};
  for (const field of IDENTIFIER_FIELDS) {
    const raw = input[field];
    if (raw === undefined) continue;
    const value = raw.trim();
    if (value.length > MAX_LENGTH[field]) throw invalidArgument(prefix + field, `must be at most ${MAX_LENGTH[field]} characters`);
    if (/[\u0000-\u001f\u007f]/.test(value)) throw invalidArgument(prefix + field, 'must not contain control characters');
    if (field === 'gtin' && value !== '') {
      const problem = gtinProblem(value);
      if (problem) throw invalidArgument(prefix + field, `${problem} (a GTIN-8, -12, -13 or -14)`);
      result.gtin = value.replace(/[\s-]/g, '');
    } else {
      result[field] = value;
    }
  }
  return result;
}
