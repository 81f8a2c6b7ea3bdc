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

/** The video form: the page's script gets a one-time upload URL from `uploadUrl`, sends the file there, then posts its URL to `action`. */
export interface VideoForm {
  action: string;
  uploadUrl: string;
}

/** Where the author's pages load their only script (same origin; it uploads a chosen video). */
export const REVIEWER_SCRIPT_PATH = '/r/my-review.js';

function videoForm(form: VideoForm, t: ReviewerPageTexts): string {
  return (
    `<form method="post" action="${h(form.action)}" data-video-form data-upload-url="${h(form.uploadUrl)}" data-uploading="${h(t.uploading)}" data-failed="${h(t.uploadFailed)}">` +
    `<input type="hidden" name="video" value="">` +
    `<label for="video-file">${h(t.videoLabel)}</label><input type="file" id="video-file" accept="video/mp4,video/webm,video/quicktime" required>` +
    `<p class="hint" role="status" aria-live="polite" data-status></p>` +
    `<button type="submit">${h(t.addVideo)}</button></form><noscript><p class="hint">${h(t.videoNeedsScript)}</p></noscript>`
  );
}

const script = `<script src="${REVIEWER_SCRIPT_PATH}" defer></script>`;

/** The review's photos and videos as the pages show them (a video by its thumbnail). */
export interface MediaStrip {
  photos: string[];
  videos: string[];
}

const notices = (notice: string, errors: string[]) =>
  (notice ? `<p role="status"><strong>${h(notice)}</strong></p>` : '') + (errors.length ? `<ul class="error" role="alert">${errors.map((e) => `<li>${h(e)}</li>`).join('')}</ul>` : '');

const thumbnails = (urls: string[], alt: string) =>
  urls
    .map((url) => safeUrl(url))
    .filter(Boolean)
    .map((url, i) => `<img src="${h(url)}" alt="${h(fill(alt, { n: i + 1 }))}" width="96" height="96" style="object-fit:cover">`)
    .join(' ');
const mediaStrip = (media: MediaStrip, t: ReviewerPageTexts) => thumbnails(media.photos, t.photoAlt) + (media.videos.length > 0 ? ' ' + thumbnails(media.videos, t.videoAlt) : '');

export interface ManageView {
  language: EmailLanguage;
  action: string;
  deleteAction: string;
  productTitle: string;
  status: 'published' | 'pending' | 'hidden';
  incentivized: boolean;
  values: { rating: string; title: string; content: string };
  media: MediaStrip;
  upload: UploadForm;
  video: VideoForm;
  notice: string;
  errors: string[];
}

/** The author's page: edit text and rating, add a photo or a video, delete. */
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
      `<h2>${h(t.photos)}</h2>${mediaStrip(v.media, t)}${uploadForm(v.upload, t)}` +
      `<h2>${h(t.video)}</h2>${videoForm(v.video, t)}` +
      `<h2>${h(t.deleteHeading)}</h2><form method="post" action="${h(v.deleteAction)}">` +
      `<label><input type="checkbox" name="confirm" value="yes" required> ${h(t.deleteConfirm)}</label>` +
      `<button type="submit">${h(t.deleteButton)}</button></form>`,
    script,
  );
}

export interface PhotoView {
  language: EmailLanguage;
  productTitle: string;
  rating: number;
  media: MediaStrip;
  upload: UploadForm;
  video: VideoForm;
  notice: string;
  errors: string[];
}

/** The page of the photo request: a photo form and a video form. */
export function photoPage(v: PhotoView, t = texts(v.language).reviewer): string {
  const title = fill(t.photoTitle, { product: v.productTitle });
  return page(
    v.language,
    title,
    `<h1>${h(title)}</h1>` +
      notices(v.notice, v.errors) +
      `<p>${h(fill(t.photoLead, { stars: v.rating }))}</p>` +
      mediaStrip(v.media, t) +
      uploadForm(v.upload, t) +
      `<h2>${h(t.video)}</h2>${videoForm(v.video, t)}`,
    script,
  );
}
