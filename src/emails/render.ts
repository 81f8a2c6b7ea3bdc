import type { SendMailOptions } from 'nodemailer';
import { escapeHtml as h, safeUrl } from './html.ts';

export interface EmailProduct {
  title: string;
  imageUrl: string;
  reviewUrl: string;
}

export interface ReviewRequestContent {
  kind: 'request' | 'reminder';
  shopName: string;
  senderName: string;
  fromAddress: string;
  to: string;
  customerName: string;
  orderName: string;
  products: EmailProduct[];
  shopUrl: string;
  openPixelUrl: string;
  unsubscribeUrl: string;
  /** "My order hasn't arrived yet": moves the rest of the sequence later. */
  postponeUrl?: string;
  /** The reward for a review, as one line of text ('' = none). */
  rewardOffer?: string;
}

/** The review-request email: HTML and text parts, one review link per product, RFC 8058 unsubscribe headers. */
export function renderReviewRequest(c: ReviewRequestContent): SendMailOptions {
  const greeting = c.customerName ? `Hi ${c.customerName},` : 'Hi,';
  const lead =
    c.kind === 'reminder'
      ? `A quick reminder: we would love to hear what you think of your order ${c.orderName} from ${c.shopName}.`
      : `Thank you for your order ${c.orderName} from ${c.shopName}. How did we do? Your review helps other shoppers.`;
  const subject = c.kind === 'reminder' ? `Reminder: how was your order from ${c.shopName}?` : `How was your order from ${c.shopName}?`;

  const productRows = c.products
    .map((p) => {
      const image = safeUrl(p.imageUrl);
      return (
        '<tr><td style="padding:12px 0">' +
        (image ? `<img src="${h(image)}" alt="${h(p.title)}" width="96" height="96" style="object-fit:cover;border-radius:6px">` : '') +
        `</td><td style="padding:12px">${h(p.title)}<br>` +
        `<a href="${h(p.reviewUrl)}" style="display:inline-block;margin-top:8px;padding:8px 14px;background:#222;color:#fff;text-decoration:none;border-radius:4px">Write a review</a>` +
        '</td></tr>'
      );
    })
    .join('');
  const html =
    '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#222">' +
    `<h2>${h(c.shopName)}</h2><p>${h(greeting)}</p><p>${h(lead)}</p>` +
    (c.rewardOffer ? `<p><strong>${h(c.rewardOffer)}</strong></p>` : '') +
    `<table role="presentation">${productRows}</table>` +
    `<p><a href="${h(c.shopUrl)}">Visit ${h(c.shopName)}</a></p>` +
    (c.postponeUrl ? `<p style="font-size:13px">Order not arrived yet? <a href="${h(c.postponeUrl)}">Ask me later</a>.</p>` : '') +
    `<p style="font-size:12px;color:#777">Don't want these emails? <a href="${h(c.unsubscribeUrl)}">Unsubscribe</a>.</p>` +
    `<img src="${h(c.openPixelUrl)}" width="1" height="1" alt="" style="display:block">` +
    '</body></html>';
  const text = [
    c.shopName,
    '',
    greeting,
    '',
    lead,
    '',
    ...(c.rewardOffer ? [c.rewardOffer, ''] : []),
    ...c.products.flatMap((p) => [`${p.title}`, `Write a review: ${p.reviewUrl}`, '']),
    `Visit ${c.shopName}: ${c.shopUrl}`,
    '',
    ...(c.postponeUrl ? [`Order not arrived yet? Ask me later: ${c.postponeUrl}`, ''] : []),
    `Unsubscribe: ${c.unsubscribeUrl}`,
  ].join('\n');

  return {
    from: { name: c.senderName || c.shopName, address: c.fromAddress },
    to: c.to,
    subject,
    html,
    text,
    headers: {
      'List-Unsubscribe': `<${c.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
