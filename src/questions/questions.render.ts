import type { SendMailOptions } from 'nodemailer';
import { escapeHtml as h } from '../emails/html.ts';
import { shortEmailStart } from '../emails/email-layout.ts';
import { direction, emailMessages, fill, texts, type EmailLanguage } from '../emails/i18n/index.ts';

interface Common {
  language: EmailLanguage;
  shopName: string;
  fromAddress: string;
  to: string;
  recipientName: string;
  /** The product's title; '' when unknown (the language's "your product"). */
  productTitle: string;
  question: string;
  unsubscribeUrl: string;
}

/** The HTML and text parts around a message, in the recipient's language and direction, with RFC 8058 unsubscribe headers. */
function compose(c: Common, subject: string, paragraphs: string[], quote: string, action: { label: string; url: string } | null): SendMailOptions {
  const t = texts(c.language).questionEmail;
  const m = emailMessages(c.language);
  const greeting = c.recipientName ? fill(t.greeting, { name: c.recipientName }) : t.greeting_anonymous;
  const side = direction(c.language) === 'rtl' ? 'right' : 'left';
  const html =
    shortEmailStart(c.language, subject) +
    `<h2>${h(c.shopName)}</h2><p>${h(greeting)}</p>${paragraphs.map((p) => `<p>${h(p)}</p>`).join('')}` +
    `<blockquote style="margin:12px 0;padding:8px 12px;border-${side}:3px solid #ddd;white-space:pre-line">${h(quote)}</blockquote>` +
    (action ? `<p><a href="${h(action.url)}" style="display:inline-block;padding:8px 14px;background:#222;color:#fff;text-decoration:none;border-radius:4px">${h(action.label)}</a></p>` : '') +
    `<p style="font-size:12px;color:#777">${h(m.unsubscribe_lead)} <a href="${h(c.unsubscribeUrl)}">${h(m.unsubscribe)}</a></p></body></html>`;
  const text = [
    c.shopName,
    '',
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    quote,
    '',
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
    `${m.unsubscribe_lead} ${m.unsubscribe}: ${c.unsubscribeUrl}`,
  ].join('\n');
  return {
    from: { name: c.shopName, address: c.fromAddress },
    to: c.to,
    subject,
    html,
    text,
    headers: { 'List-Unsubscribe': `<${c.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

const productOf = (c: Common) => c.productTitle || texts(c.language).questionEmail.your_product;

/** To the asker: their question and the answer. */
export function renderAnswerEmail(c: Common & { answer: string; answerAuthor: string; verifiedBuyer: boolean; productUrl: string }): SendMailOptions {
  const t = texts(c.language).questionEmail;
  const values = { product: productOf(c), question: c.question, author: c.answerAuthor, shop: c.shopName };
  return compose(
    c,
    fill(t.answer_subject, values),
    [fill(t.answer_asked, values), fill(c.verifiedBuyer ? t.answer_by_verified : t.answer_by, values)],
    c.answer,
    c.productUrl ? { label: fill(t.answer_see, values), url: c.productUrl } : null,
  );
}

/** To a verified buyer: another shopper's question and a link to answer it. */
export function renderInvitationEmail(c: Common & { answerUrl: string }): SendMailOptions {
  const t = texts(c.language).questionEmail;
  const values = { product: productOf(c), shop: c.shopName };
  return compose(c, fill(t.invitation_subject, values), [fill(t.invitation_lead, values)], c.question, { label: t.invitation_button, url: c.answerUrl });
}
