import type { SendMailOptions } from 'nodemailer';
import { escapeHtml as h } from '../emails/html.ts';

interface Common {
  shopName: string;
  fromAddress: string;
  to: string;
  recipientName: string;
  productTitle: string;
  question: string;
  unsubscribeUrl: string;
}

/** The HTML and text parts around a message, in the review-request emails' layout, with RFC 8058 unsubscribe headers. */
function compose(c: Common, subject: string, paragraphs: string[], quote: string, action: { label: string; url: string } | null): SendMailOptions {
  const greeting = c.recipientName ? `Hi ${c.recipientName},` : 'Hi,';
  const html =
    '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#222">' +
    `<h2>${h(c.shopName)}</h2><p>${h(greeting)}</p>${paragraphs.map((p) => `<p>${h(p)}</p>`).join('')}` +
    `<blockquote style="margin:12px 0;padding:8px 12px;border-left:3px solid #ddd;white-space:pre-line">${h(quote)}</blockquote>` +
    (action ? `<p><a href="${h(action.url)}" style="display:inline-block;padding:8px 14px;background:#222;color:#fff;text-decoration:none;border-radius:4px">${h(action.label)}</a></p>` : '') +
    `<p style="font-size:12px;color:#777">Don't want these emails? <a href="${h(c.unsubscribeUrl)}">Unsubscribe</a>.</p></body></html>`;
  const text = [c.shopName, '', greeting, '', ...paragraphs.flatMap((p) => [p, '']), quote, '', ...(action ? [`${action.label}: ${action.url}`, ''] : []), `Unsubscribe: ${c.unsubscribeUrl}`].join(
    '\n',
  );
  return {
    from: { name: c.shopName, address: c.fromAddress },
    to: c.to,
    subject,
    html,
    text,
    headers: { 'List-Unsubscribe': `<${c.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** To the asker: their question and the answer. */
export function renderAnswerEmail(c: Common & { answer: string; answerAuthor: string; verifiedBuyer: boolean; productUrl: string }): SendMailOptions {
  const by = c.verifiedBuyer ? `${c.answerAuthor} (verified buyer)` : c.answerAuthor;
  return compose(
    c,
    `Your question about ${c.productTitle} was answered`,
    [`You asked about ${c.productTitle}: "${c.question}"`, `${by} answered:`],
    c.answer,
    c.productUrl ? { label: `See ${c.productTitle}`, url: c.productUrl } : null,
  );
}

/** To a verified buyer: another shopper's question and a link to answer it. */
export function renderInvitationEmail(c: Common & { answerUrl: string }): SendMailOptions {
  return compose(c, `A shopper has a question about ${c.productTitle}`, [`You bought ${c.productTitle} from ${c.shopName}. Another shopper asks:`], c.question, {
    label: 'Answer the question',
    url: c.answerUrl,
  });
}
