import type { SendMailOptions } from 'nodemailer';
import { escapeHtml as h } from '../lib/html.ts';
import { shortEmailStart } from '../emails/email-layout.ts';
import { fill, texts, type EmailLanguage } from '../emails/i18n/index.ts';

export interface ReviewerEmail {
  shopName: string;
  fromAddress: string;
  to: string;
  /** The product's title; '' when the review names none (the language's "your purchase" is used). */
  productTitle: string;
  rating: number;
  link: string;
  /** When the link stops working, as YYYY-MM-DD. */
  until: string;
}

type Wording = { subject: string; heading: string; body: string; button: string; validity: string; control?: string };

/** One of the author's emails in the review's language (src/emails/page-language.ts chooses it); every text escaped. */
function render(c: ReviewerEmail, language: EmailLanguage, t: Wording): SendMailOptions {
  const values = { product: c.productTitle || texts(language).reviewerEmail.your_purchase, stars: c.rating, until: c.until, shop: c.shopName };
  const subject = fill(t.subject, values);
  const lines = [fill(t.body, values), ...(t.control ? [t.control] : [])];
  const html =
    shortEmailStart(language, subject) +
    `<h2>${h(c.shopName)}</h2><p><strong>${h(t.heading)}</strong></p>` +
    lines.map((line) => `<p>${h(line)}</p>`).join('') +
    `<p><a href="${h(c.link)}" style="display:inline-block;padding:8px 14px;background:#222;color:#fff;text-decoration:none;border-radius:4px">${h(t.button)}</a></p>` +
    `<p style="font-size:12px;color:#555">${h(fill(t.validity, values))}</p></body></html>`;
  const text = [c.shopName, '', t.heading, '', ...lines, '', `${t.button}: ${c.link}`, '', fill(t.validity, values)].join('\n');
  return { from: { name: c.shopName, address: c.fromAddress }, to: c.to, subject, html, text };
}

/** The confirmation after a review, with the signed link to manage it. */
export const renderConfirmation = (c: ReviewerEmail, language: EmailLanguage) => render(c, language, texts(language).reviewerEmail.confirmation);
/** The request for a photo after a 4-5 star review without media. */
export const renderPhotoRequest = (c: ReviewerEmail, language: EmailLanguage) => render(c, language, texts(language).reviewerEmail.photoRequest);
