/** Untrusted text is escaped, never parsed: every value in markup goes through these. */

// Bidirectional embedding/override/isolate controls: dropped so a review cannot reorder the page's text.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (value: unknown): string => String(value ?? '').replace(BIDI_CONTROLS, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** http(s) URLs only (no javascript:, data:, protocol-relative tricks), escaped for an attribute. */
export const url = (value: string | undefined): string => (/^https?:\/\/[^\s"'<>`]+$/i.test(value ?? '') ? esc(value) : '');

/** JSON inside a <script> element: `<` escaped so the text can never close the element. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
