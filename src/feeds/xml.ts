/**
 * Characters XML 1.0 does not allow (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are removed;
 * the rest is escaped for element text and attribute values.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export const xmlClean = (text: string): string => text.replace(NOT_XML_CHAR, '');

/** Text safe inside an element or a double-quoted attribute. */
export const xmlEscape = (text: string): string => xmlClean(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** `<name attrs>text</name>` with the text escaped. */
export const element = (name: string, text: string, attributes = ''): string => `<${name}${attributes}>${xmlEscape(text)}</${name}>`;

/** xs:dateTime in UTC without fractions, e.g. 2025-06-20T11:06:48Z. */
export const xsDateTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
