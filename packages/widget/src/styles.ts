const DARK =
  '--plaudit-text:#f1f1f1;--plaudit-muted:#aaa;--plaudit-bg:#1d1d1d;--plaudit-border:#3a3a3a;--plaudit-accent:#f1f1f1;--plaudit-accent-text:#111;--plaudit-ok:#6fd39a;--plaudit-star-off:#555';

/**
 * Shadow-root styles. Everything is themable from the host page through custom properties
 * set on the container (host rules win over :host rules), e.g.
 * `.trustoo-widget { --plaudit-star: #e91e63; --plaudit-font: Georgia, serif }`.
 */
export const CSS = `:host{--plaudit-star:#f5a623;--plaudit-star-off:#d9d9d9;--plaudit-text:#1f1f1f;--plaudit-muted:#666;--plaudit-bg:#fff;--plaudit-border:#e3e3e3;--plaudit-accent:#1f1f1f;--plaudit-accent-text:#fff;--plaudit-ok:#23824a;--plaudit-radius:8px;--plaudit-font:inherit;display:block;background:var(--plaudit-bg);font:14px/1.5 var(--plaudit-font);color:var(--plaudit-text)}
:host([data-theme=dark]){${DARK}}
*{box-sizing:border-box}a{color:inherit}button,select,input,textarea{font:inherit;color:inherit}
:focus-visible{outline:2px solid var(--plaudit-accent);outline-offset:2px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.st{display:inline-block;font-size:1.05em;letter-spacing:2px;line-height:1;vertical-align:middle}
.st::before{content:"★★★★★";background:linear-gradient(90deg,var(--plaudit-star) calc(var(--r)*20%),var(--plaudit-star-off) 0);-webkit-background-clip:text;background-clip:text;color:transparent}
:host(.trustoo-rtl) .st::before{background:linear-gradient(-90deg,var(--plaudit-star) calc(var(--r)*20%),var(--plaudit-star-off) 0);-webkit-background-clip:text;background-clip:text}
.sr,.cr,.bd{display:inline-flex;align-items:center;gap:6px;text-decoration:none;height:20px;white-space:nowrap}.c{color:var(--plaudit-muted)}
.bd{padding:6px 12px;height:auto;border:1px solid var(--plaudit-border);border-radius:var(--plaudit-radius);background:var(--plaudit-bg)}
.sm{display:flex;flex-wrap:wrap;gap:16px 32px;align-items:center;padding-block:8px 16px;border-bottom:1px solid var(--plaudit-border)}
.av{display:grid;gap:2px}.av b{font-size:2.2em;line-height:1}
.hs{list-style:none;margin:0;padding:0;min-width:220px}.hs a{display:grid;grid-template-columns:2.5em 1fr 2.5em;gap:8px;align-items:center;text-decoration:none;padding:1px 4px;border-radius:4px}
.hs a[aria-current=true]{background:var(--plaudit-border)}.br{height:8px;background:var(--plaudit-border);border-radius:4px;overflow:hidden}.br i{display:block;height:100%;background:var(--plaudit-star)}
.wr,.sb,.qsb{background:var(--plaudit-accent);color:var(--plaudit-accent-text);border:0;border-radius:var(--plaudit-radius);padding:10px 18px;cursor:pointer}
.tb{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding-block:12px}.tb label{margin-inline-start:auto}
.fl{border:1px solid var(--plaudit-border);border-radius:999px;padding:4px 12px;text-decoration:none}.fl[aria-current=true]{background:var(--plaudit-accent);color:var(--plaudit-accent-text)}
select{padding:4px;border:1px solid var(--plaudit-border);border-radius:4px;background:var(--plaudit-bg)}
.ls{list-style:none;margin:0;padding:0}.rv{border-bottom:1px solid var(--plaudit-border);padding-block:14px}
.hd{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}.au{font-weight:600}.vf{font-size:.85em;color:var(--plaudit-ok)}.ic{font-size:.85em;color:var(--plaudit-muted)}time{color:var(--plaudit-muted);font-size:.85em;margin-inline-start:auto}
.tt{font-size:1em;margin:6px 0 0}.ct{margin:4px 0;white-space:pre-line;overflow-wrap:anywhere}.pd{margin:4px 0;color:var(--plaudit-muted)}
.md{display:flex;flex-wrap:wrap;gap:6px;margin-block:6px}.th{display:block;width:72px;height:72px;border-radius:6px;overflow:hidden;background:var(--plaudit-border);position:relative}.th img{width:72px;height:72px;object-fit:cover;display:block}
.vd::after{content:"▶";position:absolute;inset:0;display:grid;place-items:center;color:#fff;text-shadow:0 0 4px #000}
.rp{margin:6px 0;padding:8px 12px;border-inline-start:3px solid var(--plaudit-border);background:color-mix(in srgb,var(--plaudit-border) 30%,transparent)}.rp p{margin:2px 0 0}
.hf{background:none;border:1px solid var(--plaudit-border);border-radius:999px;padding:2px 10px;cursor:pointer;font-size:.85em}.hf[aria-pressed=true]{border-color:var(--plaudit-accent)}
.pn{color:var(--plaudit-text);background:var(--plaudit-bg);border-radius:var(--plaudit-radius);display:flex;gap:12px;align-items:center;justify-content:center;padding-top:12px}.pg{padding:4px 10px;border:1px solid var(--plaudit-border);border-radius:4px;text-decoration:none}.off{color:var(--plaudit-muted);border-style:dashed}
.em,.qe,.qb{color:var(--plaudit-muted)}.qb{margin:2px 0;font-size:.85em}.qt{margin:0;font-weight:600;overflow-wrap:anywhere}.qi{border-bottom:1px solid var(--plaudit-border);padding-block:14px}.an{margin:6px 0;padding:2px 12px;border-inline-start:3px solid var(--plaudit-border)}.an p{margin:2px 0}
.tbs{display:flex;gap:4px;border-bottom:1px solid var(--plaudit-border);margin-top:12px}.tbs a{padding:8px 14px;text-decoration:none;border-bottom:2px solid transparent}.tbs [aria-selected=true]{border-color:var(--plaudit-accent);font-weight:600}
.tb input[type=search]{padding:4px;border:1px solid var(--plaudit-border);border-radius:4px;background:var(--plaudit-bg)}.qms:empty{display:none}.ak summary{display:inline-block;margin-block:4px}
.fm{display:grid;gap:10px;padding:16px;margin-block:12px;border:1px solid var(--plaudit-border);border-radius:var(--plaudit-radius);max-width:560px}.fm[hidden]{display:none}
.fd{display:grid;gap:4px}.fd input,.fd textarea{padding:8px;border:1px solid var(--plaudit-border);border-radius:4px;background:var(--plaudit-bg)}
.rt{border:0;padding:0;margin:0}.rs{display:inline-flex;flex-direction:row-reverse;justify-content:flex-end}.rs input{position:absolute;opacity:0;width:1px;height:1px}
.rs label{font-size:1.6em;cursor:pointer;color:var(--plaudit-star-off);padding:0 2px}.rs label::before{content:"★"}.rs input:checked~label,.rs label:hover,.rs label:hover~label{color:var(--plaudit-star)}
.rs input:focus-visible+label{outline:2px solid var(--plaudit-accent)}.hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}.cs{display:flex;gap:8px;align-items:flex-start}
.ms:empty{display:none}
.ca{display:flex;align-items:center;gap:6px;height:260px}.tr{display:flex;gap:12px;overflow-x:auto;scroll-snap-type:x mandatory;list-style:none;margin:0;padding:4px;flex:1;height:100%}
.tr .rv{flex:0 0 260px;scroll-snap-align:start;border:1px solid var(--plaudit-border);border-radius:var(--plaudit-radius);padding:12px;overflow:hidden}.tr .ct{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.cb{width:32px;height:32px;border-radius:50%;border:1px solid var(--plaudit-border);background:var(--plaudit-bg);cursor:pointer;flex:none}
.lb{position:fixed;inset:0;background:rgba(0,0,0,.85);display:grid;place-items:center;z-index:2147483647;padding:48px}.lb img,.lb video{max-width:100%;max-height:80vh}
.lb button{position:absolute;background:#fff;color:#111;border:0;border-radius:50%;width:40px;height:40px;font-size:20px;cursor:pointer}.lx{top:12px;inset-inline-end:12px}.lp{inset-inline-start:12px}.ln{inset-inline-end:12px}
.lc{color:#fff;position:absolute;bottom:12px}`;

/**
 * Placeholder CSS for the script-only embed (documented in docs/storefront.md): reserves
 * the space widgets take so nothing moves when they render.
 */
export const PLACEHOLDER_CSS = `.trustoo-widget{display:block}.trustoo-widget[data-widget=star-rating],.trustoo-widget[data-widget=collection-rating]{height:20px}
.trustoo-widget[data-widget=carousel],.trustoo-widget[data-widget=trustoo_swiper_review]{height:260px}.trustoo-widget[data-widget=store-rating-badge]{height:36px;min-width:180px}`;

/**
 * Server-rendered widgets only: `data-theme="auto"` (a shop's auto theme) follows the visitor's colour
 * scheme before any script runs; the script turns `auto` into `light` or `dark` itself.
 */
export const autoThemeCss = (): string => `@media (prefers-color-scheme:dark){:host([data-theme=auto]){${DARK}}}`;
