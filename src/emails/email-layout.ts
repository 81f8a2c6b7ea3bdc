import type { SendMailOptions } from 'nodemailer';
import { escapeHtml as h } from './html.ts';
import { direction, emailMessages, type EmailLanguage } from './i18n/index.ts';

/**
 * The frame every email shares, built for mail clients rather than browsers: nested tables,
 * inline styles (a <style> block only adds dark mode and narrow screens for clients that read it),
 * explicit light colours that stay readable when a client inverts them, a 600 px column.
 */
export interface EmailFrame {
  language: EmailLanguage;
  subject: string;
  /** Shown as the inbox preview line. */
  preheader: string;
  shopName: string;
  heading: string;
  /** Plain-text paragraphs, escaped here. */
  paragraphs: string[];
  /** Escaped HTML of the email's own rows (<tr>…</tr>), e.g. the products. */
  rowsHtml: string;
  shopUrl: string;
  unsubscribeUrl: string;
  openPixelUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export const COLORS = { page: '#f3f4f6', card: '#ffffff', text: '#1f2328', muted: '#57606a', star: '#f5a623', button: '#1f2328', buttonText: '#ffffff', line: '#d0d7de' };
const FONT = 'Arial,Helvetica,sans-serif';

const DARK_AND_NARROW =
  ':root{color-scheme:light dark;supported-color-schemes:light dark}' +
  '@media (prefers-color-scheme:dark){.pl-page{background:#0d1117!important}.pl-card{background:#161b22!important;color:#e6edf3!important}' +
  '.pl-text{color:#e6edf3!important}.pl-muted{color:#9da7b3!important}.pl-button{background:#e6edf3!important;color:#0d1117!important;border-color:#e6edf3!important}}' +
  '@media (max-width:480px){.pl-pad{padding-left:16px!important;padding-right:16px!important}.pl-img{width:72px!important;height:72px!important}}';

/** A bulletproof link button: the colour sits on the cell and the link, with a border for clients that drop backgrounds. */
export function buttonHtml(url: string, label: string, align: 'left' | 'right' = 'left'): string {
  return (
    `<table role="presentation" align="${align}" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="${COLORS.button}" style="border-radius:6px;background:${COLORS.button}">` +
    `<a class="pl-button" href="${h(url)}" style="display:inline-block;padding:10px 18px;font-family:${FONT};font-size:15px;font-weight:bold;line-height:20px;` +
    `color:${COLORS.buttonText};text-decoration:none;border:1px solid ${COLORS.button};border-radius:6px;background:${COLORS.button}">${h(label)}</a></td></tr></table>`
  );
}

export function emailDocument(f: EmailFrame): string {
  const m = emailMessages(f.language);
  const dir = direction(f.language);
  const pad = 'padding-left:24px;padding-right:24px';
  const paragraphs = f.paragraphs.map((p) => `<p class="pl-text" style="margin:0 0 12px;font-family:${FONT};font-size:16px;line-height:24px;color:${COLORS.text}">${h(p)}</p>`).join('');
  return (
    `<!doctype html><html lang="${f.language}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${h(f.subject)}</title>` +
    `<style>${DARK_AND_NARROW}</style></head>` +
    `<body class="pl-page" style="margin:0;padding:0;background:${COLORS.page}" bgcolor="${COLORS.page}">` +
    `<div style="display:none;max-height:0;overflow:hidden;opacity:0">${h(f.preheader)}</div>` +
    `<table role="presentation" class="pl-page" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLORS.page}" style="background:${COLORS.page}" dir="${dir}">` +
    `<tr><td align="center" style="padding:24px 8px">` +
    `<table role="presentation" class="pl-card" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLORS.card}" ` +
    `style="max-width:600px;background:${COLORS.card};border-radius:8px;color:${COLORS.text};font-family:${FONT}">` +
    `<tr><td class="pl-pad pl-muted" style="${pad};padding-top:24px;font-size:14px;line-height:20px;color:${COLORS.muted}">${h(f.shopName)}</td></tr>` +
    `<tr><td class="pl-pad" style="${pad};padding-top:8px"><h1 class="pl-text" style="margin:0 0 12px;font-family:${FONT};font-size:22px;line-height:28px;color:${COLORS.text}">${h(f.heading)}</h1>${paragraphs}</td></tr>` +
    f.rowsHtml +
    `<tr><td class="pl-pad" style="${pad};padding-top:24px;padding-bottom:24px;border-top:1px solid ${COLORS.line}">` +
    `<p style="margin:0 0 8px;font-size:14px;line-height:20px"><a href="${h(f.shopUrl)}" style="color:${COLORS.text};text-decoration:underline" class="pl-text">${h(fillShop(m.visit, f.shopName))}</a></p>` +
    `<p class="pl-muted" style="margin:0;font-size:12px;line-height:18px;color:${COLORS.muted}">${h(m.unsubscribe_lead)} ` +
    `<a href="${h(f.unsubscribeUrl)}" style="color:${COLORS.muted};text-decoration:underline" class="pl-muted">${h(m.unsubscribe)}</a></p></td></tr>` +
    `</table></td></tr></table>` +
    (f.openPixelUrl ? `<img src="${h(f.openPixelUrl)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">` : '') +
    '</body></html>'
  );
}

/**
 * The opening of a short personal email (review confirmation, photo request, reward, Q&A) up to and
 * including <body>: the language and its direction on <html> and <body>, so Arabic reads right to left.
 */
export function shortEmailStart(language: EmailLanguage, subject: string): string {
  const dir = direction(language);
  return (
    `<!doctype html><html lang="${language}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(subject)}</title></head>` +
    `<body dir="${dir}" style="font-family:Arial,sans-serif;color:#222;background:#fff;text-align:${dir === 'rtl' ? 'right' : 'left'}">`
  );
}

const fillShop = (text: string, shopName: string) => text.replace('{shop_name}', shopName);

/** The plain-text part's footer lines, matching the HTML footer. */
export function textFooter(language: EmailLanguage, shopName: string, shopUrl: string, unsubscribeUrl: string): string[] {
  const m = emailMessages(language);
  return [`${fillShop(m.visit, shopName)}: ${shopUrl}`, '', `${m.unsubscribe_lead} ${m.unsubscribe}: ${unsubscribeUrl}`];
}

/** Addresses and RFC 8058 one-click unsubscribe headers around a rendered email. */
export function mailOptions(email: RenderedEmail, envelope: { fromName: string; fromAddress: string; to: string; unsubscribeUrl: string }): SendMailOptions {
  return {
    from: { name: envelope.fromName, address: envelope.fromAddress },
    to: envelope.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: {
      'List-Unsubscribe': `<${envelope.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
