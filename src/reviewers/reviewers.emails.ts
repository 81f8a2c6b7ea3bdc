import type { SendMailOptions } from 'nodemailer';
import { escapeHtml as h } from '../lib/html.ts';

/** English texts, one object per email so they can be translated. */
export const CONFIRMATION_TEXTS = {
  subject: 'Thanks for your review of {product}',
  heading: 'Thank you for your review',
  body: 'We received your {stars}-star review of {product}.',
  control: 'Need to change something? You can edit your review, add photos or delete it:',
  button: 'Manage your review',
  validity: 'This link is personal and works until {until}.',
};

export const PHOTO_REQUEST_TEXTS = {
  subject: 'Add a photo to your review of {product}?',
  heading: 'Show other shoppers what you got',
  body: 'Thank you for your {stars}-star review of {product}. A photo helps other shoppers more than words: would you add one?',
  button: 'Add a photo',
  validity: 'No account needed; this link works until {until}.',
};

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));

export interface ReviewerEmail {
  shopName: string;
  fromAddress: string;
  to: string;
  productTitle: string;
  rating: number;
  link: string;
  /** When the link stops working, as YYYY-MM-DD. */
  until: string;
}

function render(c: ReviewerEmail, t: { subject: string; heading: string; body: string; button: string; validity: string; control?: string }): SendMailOptions {
  const values = { product: c.productTitle, stars: c.rating, until: c.until, shop: c.shopName };
  const lines = [fill(t.body, values), ...(t.control ? [t.control] : [])];
  const html =
    '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#222;background:#fff">' +
    `<h2>${h(c.shopName)}</h2><p><strong>${h(t.heading)}</strong></p>` +
    lines.map((line) => `<p>${h(line)}</p>`).join('') +
    `<p><a href="${h(c.link)}" style="display:inline-block;padding:8px 14px;background:#222;color:#fff;text-decoration:none;border-radius:4px">${h(t.button)}</a></p>` +
    `<p style="font-size:12px;color:#555">${h(fill(t.validity, values))}</p></body></html>`;
  const text = [c.shopName, '', t.heading, '', ...lines, '', `${t.button}: ${c.link}`, '', fill(t.validity, values)].join('\n');
  return { from: { name: c.shopName, address: c.fromAddress }, to: c.to, subject: fill(t.subject, values), html, text };
}

export const renderConfirmation = (c: ReviewerEmail, t = CONFIRMATION_TEXTS) => render(c, t);
export const renderPhotoRequest = (c: ReviewerEmail, t = PHOTO_REQUEST_TEXTS) => render(c, t);
