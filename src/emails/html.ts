/** Every piece of untrusted text (shop names, product titles, customer names) goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only http(s) URLs reach an href or src; anything else becomes "". */
export const safeUrl = (url: string): string => (/^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : '');
