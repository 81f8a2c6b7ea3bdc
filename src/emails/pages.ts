import { escapeHtml as h, safeUrl } from './html.ts';

const STYLE =
  'body{font-family:Arial,sans-serif;max-width:560px;margin:40px auto;padding:0 16px;color:#222}' +
  'label{display:block;margin:14px 0 4px}input[type=text],textarea{width:100%;padding:8px;box-sizing:border-box}' +
  'textarea{min-height:140px}.stars label{display:inline;margin-right:12px}.error{color:#b00020}' +
  'button{margin-top:18px;padding:10px 18px;background:#222;color:#fff;border:0;border-radius:4px}';

/** A whole page; `body` must already be escaped HTML. */
export const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<meta name="robots" content="noindex"><title>${h(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;

export const messagePage = (title: string, message: string): string => page(title, `<h1>${h(title)}</h1><p>${h(message)}</p>`);

export interface ReviewFormView {
  action: string;
  shopName: string;
  productTitle: string;
  productImage: string;
  values: { rating: string; author: string; title: string; content: string };
  errors: string[];
  /** The reward promised for the review, one line of text ('' = none). */
  offer?: string;
}

export function reviewFormPage(v: ReviewFormView): string {
  const image = safeUrl(v.productImage);
  const stars = [5, 4, 3, 2, 1]
    .map((n) => `<label><input type="radio" name="rating" value="${n}"${v.values.rating === String(n) ? ' checked' : ''} required> ${'★'.repeat(n)}</label>`)
    .join('');
  const errors = v.errors.length ? `<ul class="error">${v.errors.map((e) => `<li>${h(e)}</li>`).join('')}</ul>` : '';
  return page(
    `Review ${v.productTitle}`,
    `<p>${h(v.shopName)}</p><h1>Review ${h(v.productTitle)}</h1>` +
      (image ? `<img src="${h(image)}" alt="" width="160">` : '') +
      (v.offer ? `<p><strong>${h(v.offer)}</strong></p>` : '') +
      errors +
      `<form method="post" action="${h(v.action)}">` +
      `<fieldset class="stars"><legend>Your rating</legend>${stars}</fieldset>` +
      `<label for="author">Your name</label><input type="text" id="author" name="author" maxlength="120" required value="${h(v.values.author)}">` +
      `<label for="title">Title (optional)</label><input type="text" id="title" name="title" maxlength="300" value="${h(v.values.title)}">` +
      `<label for="content">Your review</label><textarea id="content" name="content" maxlength="10000">${h(v.values.content)}</textarea>` +
      `<button type="submit">Submit review</button></form>`,
  );
}

export const unsubscribePage = (action: string, shopName: string, email: string): string =>
  page(
    'Unsubscribe',
    `<h1>Unsubscribe</h1><p>Stop review-request emails from ${h(shopName)} to ${h(email)}?</p>` +
      `<form method="post" action="${h(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );

/** 43-byte transparent GIF for the open pixel. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
