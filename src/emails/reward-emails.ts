import type { SendMailOptions } from 'nodemailer';
import { escapeHtml as h } from '../lib/html.ts';
import { shortEmailStart } from './email-layout.ts';
import { texts, type EmailLanguage } from './i18n/index.ts';

/** The owners' warning: merchant-facing, English only (the reviewer's reward email is in src/emails/i18n). */
export const LOW_POOL_EMAIL_TEXTS = {
  subject: 'Reward codes for {shop} are running low',
  low: '{shop} has {count} unused reward codes left.',
  empty: '{shop} has no unused reward codes left: new review requests no longer promise a reward, and rewards already earned wait until codes are added.',
  action: 'Add codes with: npx plaudit rewards codes add --domain {domain} FILE',
};

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));

export interface RewardEmail {
  shopName: string;
  fromAddress: string;
  to: string;
  /** The product's title; '' when unknown (the language's "your purchase"). */
  productTitle: string;
  /** The shop's offer text; '' for the language's "a discount code". */
  offerText: string;
  code: string;
}

/** The reward email in the reviewer's language: the code in a plain-text part and an HTML part (every text escaped). */
export function renderRewardEmail(c: RewardEmail, language: EmailLanguage): SendMailOptions {
  const t = texts(language).rewardEmail;
  const values = { shop: c.shopName, product: c.productTitle || t.your_purchase, offer: c.offerText || t.default_offer };
  const subject = fill(t.subject, values);
  const body = fill(t.body, values);
  const html =
    shortEmailStart(language, subject) +
    `<h2>${h(c.shopName)}</h2><p><strong>${h(t.heading)}</strong></p><p>${h(body)}</p>` +
    `<p>${h(t.codeLabel)}: <code dir="ltr" style="font-size:18px;padding:4px 8px;border:1px dashed #555">${h(c.code)}</code></p>` +
    `<p style="font-size:12px;color:#555">${h(t.footer)}</p></body></html>`;
  const text = [c.shopName, '', t.heading, '', body, '', `${t.codeLabel}: ${c.code}`, '', t.footer].join('\n');
  return { from: { name: c.shopName, address: c.fromAddress }, to: c.to, subject, html, text };
}

/** The owners' warning (plain text). */
export function renderLowPoolEmail(c: { shopName: string; domain: string; fromAddress: string; to: string[]; count: number }, t = LOW_POOL_EMAIL_TEXTS): SendMailOptions {
  const values = { shop: c.shopName, domain: c.domain, count: c.count };
  return {
    from: c.fromAddress,
    to: c.to,
    subject: fill(t.subject, values),
    text: [fill(c.count === 0 ? t.empty : t.low, values), '', fill(t.action, values)].join('\n') + '\n',
  };
}
