import { REVIEWER_PAGE_TEXTS } from '../emails/i18n/en.ts';
import { fill, texts, type EmailLanguage } from '../emails/i18n/index.ts';
import { page } from '../emails/pages.ts';
import { escapeHtml as h, safeUrl } from '../lib/html.ts';

/** The author's pages speak the review's language; English's table keeps its name (the other languages are typed by it). */
export { REVIEWER_PAGE_TEXTS };
export type ReviewerPageTexts = typeof REVIEWER_PAGE_TEXTS;

/** The signed upload form fields (the media receiver's PostObject policy); the file comes last. */
export interface UploadForm {
  action: string;
  fields: Record<string, string>;
}

function uploadForm(form: UploadForm, t: ReviewerPageTexts): string {
  const hidden = Object.entries(form.fields)
    .map(([name, value]) => `<input type="hidden" name="${h(name)}" value="${h(value)}">`)
    .join('');
  return (
    `<form method="post" action="${h(form.action)}" enctype="multipart/form-data">${hidden}` +
    `<label for="file">${h(t.photoLabel)}</label><input type="file" id="file" name="file" accept="image/*" required>` +
    `<button type="submit">${h(t.addPhoto)}</button></form>`
  );
}

const notices = (notice: string, errors: string[]) =>
  (notice ? `<p role="status"><strong>${h(notice)}</strong></p>` : '') + (errors.length ? `<ul class="error" role="alert">${errors.map((e) => `<li>${h(e)}</li>`).join('')}</ul>` : '');

const photoStrip = (photos: string[], t: ReviewerPageTexts) =>
  photos
    .map((url) => safeUrl(url))
    .filter(Boolean)
    .map((url, i) => `<img src="${h(url)}" alt="${h(fill(t.photoAlt, { n: i + 1 }))}" width="96" height="96" style="object-fit:cover">`)
    .join(' ');

export interface ManageView {
  language: EmailLanguage;
  action: string;
  deleteAction: string;
  productTitle: string;
  status: 'published' | 'pending' | 'hidden';
  incentivized: boolean;
  values: { rating: string; title: string; content: string };
  photos: string[];
  upload: UploadForm;
  notice: string;
  errors: string[];
}

/** The author's page: edit text and rating, add a photo, delete. */
export function managePage(v: ManageView, t = texts(v.language).reviewer): string {
  const title = fill(t.manageTitle, { product: v.productTitle });
  const stars = [5, 4, 3, 2, 1].map((n) => `<label><input type="radio" name="rating" value="${n}"${v.values.rating === String(n) ? ' checked' : ''} required> ${'★'.repeat(n)}</label>`).join('');
  return page(
    v.language,
    title,
    `<h1>${h(title)}</h1>` +
      notices(v.notice, v.errors) +
      `<p>${h(t.status[v.status])}</p>` +
      (v.incentivized ? `<p>${h(t.rewarded)}</p>` : '') +
      `<form method="post" action="${h(v.action)}">` +
      `<fieldset class="stars"><legend>${h(t.rating)}</legend>${stars}</fieldset>` +
      `<label for="title">${h(t.title)}</label><input type="text" id="title" name="title" maxlength="300" value="${h(v.values.title)}">` +
      `<label for="content">${h(t.content)}</label><textarea id="content" name="content" maxlength="10000">${h(v.values.content)}</textarea>` +
      `<button type="submit">${h(t.save)}</button></form>` +
      `<h2>${h(t.photos)}</h2>${photoStrip(v.photos, t)}${uploadForm(v.upload, t)}` +
      `<h2>${h(t.deleteHeading)}</h2><form method="post" action="${h(v.deleteAction)}">` +
      `<label><input type="checkbox" name="confirm" value="yes" required> ${h(t.deleteConfirm)}</label>` +
      `<button type="submit">${h(t.deleteButton)}</button></form>`,
  );
}

/** The page of the photo request: one upload form. */
export function photoPage(
  v: { language: EmailLanguage; productTitle: string; rating: number; photos: string[]; upload: UploadForm; notice: string; errors: string[] },
  t = texts(v.language).reviewer,
): string {
  const title = fill(t.photoTitle, { product: v.productTitle });
  return page(v.language, title, `<h1>${h(title)}</h1>` + notices(v.notice, v.errors) + `<p>${h(fill(t.photoLead, { stars: v.rating }))}</p>` + photoStrip(v.photos, t) + uploadForm(v.upload, t));
}
