/** Every piece of untrusted text that reaches a server-rendered page or email goes through this. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!);
