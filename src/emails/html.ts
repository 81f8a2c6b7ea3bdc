export { escapeHtml } from '../lib/html.ts';

/** Only http(s) URLs reach an href or src; anything else becomes "". */
export const safeUrl = (url: string): string => (/^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : '');
