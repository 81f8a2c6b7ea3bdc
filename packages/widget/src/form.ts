import { esc } from './html.ts';
import { fill, type Messages } from './i18n.ts';

/**
 * The write-a-review form. It posts to the hosted page handler when there is no JavaScript;
 * the widget sends the same fields to the JSON API instead. Photo upload is shown only when
 * the server offers it (`photos`), see docs/storefront.md.
 */
export function reviewForm(opts: { action: string; shop: string; productId: string; open: boolean; photos: boolean }, m: Messages): string {
  const radios = [5, 4, 3, 2, 1]
    .map(
      (n) =>
        `<input type="radio" name="rating" value="${n}" id="pl-r${n}" required><label for="pl-r${n}" title="${esc(fill(m.starsN, { n }))}"><span class="vh">${esc(fill(m.starsN, { n }))}</span></label>`,
    )
    .join('');
  const field = (label: string, input: string) => `<label class="fd"><span>${esc(label)}</span>${input}</label>`;
  return (
    `<form class="fm" method="post" action="${esc(opts.action)}" data-form${opts.open ? '' : ' hidden'}>` +
    `<input type="hidden" name="shop" value="${esc(opts.shop)}"><input type="hidden" name="product_id" value="${esc(opts.productId)}">` +
    `<fieldset class="rt"><legend>${esc(m.rating)}</legend><div class="rs">${radios}</div></fieldset>` +
    field(m.title, '<input name="title" maxlength="300">') +
    field(m.body, '<textarea name="content" required maxlength="5000" rows="4"></textarea>') +
    field(m.name, '<input name="author" required maxlength="120" autocomplete="name">') +
    field(m.email, '<input type="email" name="author_email" required maxlength="254" autocomplete="email">') +
    (opts.photos ? field(m.photos, '<input type="file" name="photos" accept="image/*" multiple data-photos>') : '') +
    `<div class="hp" aria-hidden="true"><label>${esc(m.hidden)}<input name="website" tabindex="-1" autocomplete="off"></label></div>` +
    `<label class="cs"><input type="checkbox" name="consent" value="1" required> ${esc(m.consent)}</label>` +
    `<button type="submit" class="sb">${esc(m.submit)}</button><p class="ms" role="status" aria-live="polite"></p></form>`
  );
}
