export { escapeHtml, safeUrl } from '../lib/html.ts';
