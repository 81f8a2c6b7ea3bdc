/** The shared escaper and URL sanitiser (one implementation for server and widget: packages/widget/src/html.ts). */
export { esc as escapeHtml, safeUrl, url as attributeUrl, scriptJson } from '../../packages/widget/src/html.ts';
