/**
 * The one HTML escaper and URL sanitiser of Plaudit, shared by the widget (browser) and the
 * server (pages, fragments, emails): dependency-free so both can import it. Untrusted text is
 * escaped, never parsed.
 */

// Bidirectional embedding/override/isolate controls: dropped so a review cannot reorder the page's text.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text for element content or a quoted attribute value. */
export const esc = (value: unknown): string =>
  String(value ?? '')
    .replace(BIDI_CONTROLS, '')
    .replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);

/** Absolute http(s) URLs only (no javascript:, data:, protocol-relative or whitespace tricks); anything else becomes "". */
export const safeUrl = (value: string | null | undefined): string => (value && /^https?:\/\/[^\s"'<>`]+$/i.test(value) ? value : '');

/** A safe URL escaped for an href or src attribute. */
export const url = (value: string | null | undefined): string => esc(safeUrl(value));

/** JSON inside a <script> element: `<` escaped so the text can never close the element. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
