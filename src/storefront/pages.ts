import { esc } from '../../packages/widget/src/html.ts';
import { PLACEHOLDER_CSS } from '../../packages/widget/src/styles.ts';
import { widgetScriptUrl } from './widget-assets.ts';

const PAGE_CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f1f1f;background:#fafafa}
header{display:flex;justify-content:space-between;align-items:center;gap:16px;padding:12px 24px;box-sizing:border-box;min-height:64px;background:#fff;border-bottom:1px solid #e3e3e3}header strong{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
main{max-width:1040px;margin:0 auto;padding:24px}section{margin-block:32px}h1{font-size:1.6em;margin:0 0 8px}h2{font-size:1.25em}
.product{display:grid;grid-template-columns:minmax(0,360px) 1fr;gap:24px;align-items:start}.product img{width:100%;height:auto;aspect-ratio:1;border-radius:8px;background:#eee;display:block}
.price{font-size:1.3em;font-weight:600}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:16px}
.card{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:12px}.card .ph{aspect-ratio:1;background:#eee;border-radius:6px;margin-bottom:8px}
@media (max-width:640px){.product{grid-template-columns:1fr}main{padding:16px}}`;

/** An inline icon: the browser never requests /favicon.ico from a hosted page (which would 404). */
const FAVICON = `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><text y="14" font-size="14" fill="#f5a623">★</text></svg>')}">`;

/** A hosted page: works without JavaScript; the widget script only enhances it. */
export function pageShell(opts: { title: string; lang?: string; body: string; shop: string; placeholder?: boolean; status?: number; head?: string; description?: string; canonical?: string }): string {
  const description = opts.description ? `<meta name="description" content="${esc(opts.description)}">` : '';
  const canonical = opts.canonical ? `<link rel="canonical" href="${esc(opts.canonical)}">` : '';
  return (
    `<!doctype html><html lang="${esc(opts.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${esc(opts.title)}</title>${description}${FAVICON}${canonical}${opts.head ?? ''}<style>${PAGE_CSS}${opts.placeholder ? PLACEHOLDER_CSS : ''}</style></head><body>${opts.body}` +
    `<script async src="${esc(widgetScriptUrl())}" data-shop="${esc(opts.shop)}"></script></body></html>`
  );
}

/** An empty container for the script-only embed. */
export const container = (widget: string, attrs: Record<string, string> = {}): string =>
  `<div class="trustoo-widget" data-widget="${esc(widget)}"${Object.entries(attrs)
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join('')}></div>`;
