import { escapeHtml } from '../lib/html.ts';
/**
 * Characters XML 1.0 does not allow (most C0 controls, U+FFFE/U+FFFF, lone surrogates) are removed;
 * the rest is escaped for element text and attribute values.
 */

const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const NEEDS_WORK = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF&<>"'`]/;
/** String.prototype.isWellFormed (Node 20; not in the ES2022 typings): no lone surrogate. */
const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

export function xmlClean(text: string): string {
  const cleaned = text.replace(NOT_XML_CHAR, '');
  return isWellFormed(cleaned) ? cleaned : cleaned.replace(LONE_SURROGATE, '');
}

/**
 * Text safe inside an element or a double-quoted attribute: cleaned, then escaped by the one
 * escaper (its numeric references are XML too). Most text needs no work: tested first.
 */
export function xmlEscape(text: string): string {
  if (!NEEDS_WORK.test(text) && isWellFormed(text)) return text;
  return escapeHtml(xmlClean(text));
}

/** `<name attrs>text</name>` with the text escaped. */
export const element = (name: string, text: string, attributes = ''): string => `<${name}${attributes}>${xmlEscape(text)}</${name}>`;

/** xs:dateTime in UTC without fractions, e.g. 2025-06-20T11:06:48Z. */
export const xsDateTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
