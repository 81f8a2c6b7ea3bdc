import { escapeHtml as h, safeUrl } from './html.ts';
import { direction, emailMessages, fill, type EmailLanguage } from './i18n/index.ts';
import type { FormProduct } from './review-form.service.ts';

export const REVIEW_FORM_SCRIPT_PATH = '/r/review-form.js';

const STYLE =
  ':root{color-scheme:light dark}*{box-sizing:border-box}' +
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:640px;margin:0 auto;padding:24px 16px 48px;color:#1f2328;background:#fff;line-height:1.5}' +
  'h1{font-size:1.6rem;margin:.2em 0 .4em}h2{font-size:1.15rem;margin:0}main>h2{margin:1.75em 0 .25em}.shop{color:#57606a;margin:0}' +
  '.product{border:1px solid #d0d7de;border-radius:10px;padding:16px;margin:16px 0}' +
  '.head{display:flex;gap:12px;align-items:center}.head img{width:72px;height:72px;object-fit:cover;border-radius:8px;flex:none}' +
  'label{display:block;margin:14px 0 4px;font-weight:600}input[type=text],textarea,input[type=file]{width:100%;font:inherit;padding:10px;border:1px solid #8c959f;border-radius:6px;background:inherit;color:inherit}' +
  'textarea{min-height:120px}.hint{color:#57606a;font-size:.9rem}' +
  '.stars{border:0;padding:0;margin:12px 0 0}.stars legend{font-weight:600;padding:0}' +
  '.row{display:flex;flex-direction:row-reverse;justify-content:flex-end}' +
  '.row input{position:absolute;opacity:0;width:1px;height:1px}' +
  '.row label{margin:0;font-size:2.2rem;line-height:44px;min-width:44px;text-align:center;color:#6e7781;cursor:pointer;font-weight:400}' +
  '.row input:checked~label,.row label:hover,.row label:hover~label{color:#b76e00}' +
  '.row input:focus-visible+label{outline:2px solid #0969da;border-radius:4px}' +
  '.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}' +
  '.error{color:#b3261e;border:1px solid #b3261e;border-radius:8px;padding:8px 12px 8px 28px}.badge{color:#1a7f37;font-weight:600;margin:8px 0 0}' +
  'button{margin-top:20px;width:100%;min-height:48px;font:inherit;font-weight:600;background:#1f2328;color:#fff;border:0;border-radius:8px}' +
  'button[disabled]{opacity:.6}' +
  '@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}.shop,.hint{color:#9da7b3}.product{border-color:#30363d}' +
  '.row label{color:#8b949e}.row input:checked~label,.row label:hover,.row label:hover~label{color:#f5a623}.error{color:#ff8a80;border-color:#ff8a80}.badge{color:#56d364}' +
  'button{background:#e6edf3;color:#0d1117}}';

/** A whole page in the shopper's language; `body` must already be escaped HTML. */
export const page = (language: EmailLanguage, title: string, body: string, script = ''): string =>
  `<!doctype html><html lang="${language}" dir="${direction(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<meta name="robots" content="noindex"><title>${h(title)}</title><style>${STYLE}</style></head><body><main>${body}</main>${script}</body></html>`;

export const messagePage = (language: EmailLanguage, title: string, lines: string | string[]): string =>
  page(language, title, `<h1>${h(title)}</h1>${(Array.isArray(lines) ? lines : [lines]).map((line) => `<p>${h(line)}</p>`).join('')}`);

/** The page of a link that does not verify (tampered, cut, or made for another page). */
export const invalidLinkPage = (language: EmailLanguage): string => {
  const m = emailMessages(language);
  return messagePage(language, m.invalid_title, m.invalid);
};

/** What the shopper typed, kept when the form comes back with errors. */
export interface FormValues {
  author: string;
  answers: Map<string, { rating: string; title: string; content: string; photos: string[]; video: string }>;
}

export interface ReviewFormView {
  action: string;
  language: EmailLanguage;
  shopName: string;
  products: FormProduct[];
  values: FormValues;
  errors: string[];
  /** The reward promised for the review, one line of text ('' = none). */
  offer?: string;
}

function productSection(v: ReviewFormView, p: FormProduct, i: number): string {
  const m = emailMessages(v.language);
  const image = safeUrl(p.image);
  const head = `<div class="head">${image ? `<img src="${h(image)}" alt="${h(p.title)}" width="72" height="72">` : ''}<h2 id="p${i}">${h(p.title)}</h2></div>`;
  if (p.reviewed) return `<section class="product" aria-labelledby="p${i}">${head}<p class="badge">${h(m.reviewed)}</p></section>`;
  const value = v.values.answers.get(p.productId) ?? { rating: '', title: '', content: '', photos: [], video: '' };
  const id = (name: string) => `${name}-${i}`;
  const stars = [5, 4, 3, 2, 1]
    .map(
      (n) =>
        `<input type="radio" name="rating_${h(p.productId)}" value="${n}" id="${id(`r${n}`)}"${value.rating === String(n) ? ' checked' : ''}>` +
        `<label for="${id(`r${n}`)}"><span aria-hidden="true">&#9733;</span><span class="vh">${h(fill(m.star_n, { n }))}</span></label>`,
    )
    .join('');
  const kept = [
    ...value.photos.map((url) => `<input type="hidden" name="photos_${h(p.productId)}" value="${h(url)}">`),
    value.video ? `<input type="hidden" name="video_${h(p.productId)}" value="${h(value.video)}">` : '',
  ].join('');
  return (
    `<section class="product" aria-labelledby="p${i}">${head}` +
    `<fieldset class="stars"><legend>${h(m.rating)}</legend><div class="row">${stars}</div></fieldset>` +
    `<label for="${id('title')}">${h(m.title)}</label><input type="text" id="${id('title')}" name="title_${h(p.productId)}" maxlength="300" value="${h(value.title)}">` +
    `<label for="${id('content')}">${h(m.body)}</label><textarea id="${id('content')}" name="content_${h(p.productId)}" maxlength="10000">${h(value.content)}</textarea>` +
    // No name: the files never travel with the form; the page's script uploads them and adds their URLs.
    `<label for="${id('photos')}">${h(m.photos)}</label><input type="file" id="${id('photos')}" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" multiple data-upload="photos" data-product="${h(p.productId)}">` +
    `<label for="${id('video')}">${h(m.video)}</label><input type="file" id="${id('video')}" accept="video/mp4,video/webm,video/quicktime" data-upload="video" data-product="${h(p.productId)}">` +
    kept +
    '</section>'
  );
}

/** The hosted review form: every product of the order on one page, each with stars, text, photos and a video. */
export function reviewFormPage(v: ReviewFormView): string {
  const m = emailMessages(v.language);
  const open = v.products.filter((p) => !p.reviewed).length;
  const errors = v.errors.length ? `<ul class="error" role="alert">${v.errors.map((e) => `<li>${h(e)}</li>`).join('')}</ul>` : '';
  return page(
    v.language,
    m.form_title,
    `<p class="shop">${h(v.shopName)}</p><h1>${h(m.form_title)}</h1>` +
      (open > 1 ? `<p class="hint">${h(m.form_lead)}</p>` : '') +
      (v.offer ? `<p><strong>${h(v.offer)}</strong></p>` : '') +
      errors +
      `<form method="post" action="${h(v.action)}" data-review-form data-uploading="${h(m.uploading)}" data-failed="${h(m.upload_failed)}">` +
      v.products.map((p, i) => productSection(v, p, i)).join('') +
      `<label for="author">${h(m.name)}</label><input type="text" id="author" name="author" maxlength="120" required autocomplete="name" value="${h(v.values.author)}">` +
      `<p class="hint" role="status" aria-live="polite" data-status></p>` +
      `<button type="submit">${h(m.submit)}</button></form>`,
    `<script src="${REVIEW_FORM_SCRIPT_PATH}" defer></script>`,
  );
}

export const unsubscribePage = (language: EmailLanguage, action: string, shopName: string, email: string): string => {
  const m = emailMessages(language);
  return page(
    language,
    m.unsubscribe,
    `<h1>${h(m.unsubscribe)}</h1><p>${h(fill(m.unsubscribe_ask, { shop_name: shopName, email }))}</p>` +
      `<form method="post" action="${h(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${h(m.unsubscribe)}</button></form>`,
  );
};

/** 43-byte transparent GIF for the open pixel. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
