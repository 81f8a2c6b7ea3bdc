import { escapeHtml as h, safeUrl } from './html.ts';
import { buttonHtml, COLORS, emailDocument, textFooter, type RenderedEmail } from './email-layout.ts';
import { direction, emailMessages, fill, type EmailLanguage } from './i18n/index.ts';
import { EMPTY_TEXTS, fillPlaceholders, type EmailTexts, type PlaceholderValues } from './texts.service.ts';

export interface EmailProduct {
  title: string;
  imageUrl: string;
  /** The hosted form for this product; `&rating=N` preselects N stars. */
  reviewUrl: string;
}

export interface ReviewRequestData {
  kind: 'request' | 'reminder';
  shopName: string;
  customerFirstName: string;
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

const starUrl = (reviewUrl: string, n: number) => `${reviewUrl}${reviewUrl.includes('?') ? '&' : '?'}rating=${n}`;

/**
 * The review-request email (and its reminder) in one language: the shop's own wording where it set
 * one (`texts`, '' parts fall back), each product with its picture, five star links that open the
 * form with that rating chosen, and a button. Plain links only, so it works in every mail client.
 */
export function renderReviewRequest(d: ReviewRequestData, language: EmailLanguage, texts: EmailTexts = EMPTY_TEXTS): RenderedEmail {
  const m = emailMessages(language);
  const values: PlaceholderValues = { first_name: d.customerFirstName, customer_name: d.customerName, shop_name: d.shopName, order_name: d.orderName };
  const text = (own: string, builtIn: string) => fillPlaceholders(own || builtIn, values);
  const subject = text(texts.subject, d.kind === 'reminder' ? m.subject_reminder : m.subject_request);
  const heading = text(texts.heading, d.kind === 'reminder' ? m.heading_reminder : m.heading_request);
  const button = text(texts.button, m.button);
  const paragraphs = texts.body
    ? fillPlaceholders(texts.body, values)
        .split(/\n\s*\n|\n/)
        .map((p) => p.trim())
        .filter(Boolean)
    : [text('', d.customerFirstName ? m.greeting : m.greeting_anonymous), text('', d.kind === 'reminder' ? m.body_reminder : m.body_request)];

  const side = direction(language) === 'rtl' ? 'right' : 'left';
  const rows = d.products
    .map((p) => {
      const image = safeUrl(p.imageUrl);
      const stars = [1, 2, 3, 4, 5]
        .map((n) => {
          const label = fill(m.star_n, { n });
          return `<a href="${h(starUrl(p.reviewUrl, n))}" title="${h(label)}" aria-label="${h(label)}" style="color:${COLORS.star};font-size:30px;line-height:34px;text-decoration:none;padding-${side === 'left' ? 'right' : 'left'}:4px">&#9733;</a>`;
        })
        .join('');
      return (
        `<tr><td class="pl-pad" style="padding:16px 24px 8px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>` +
        (image
          ? `<td width="96" valign="top" style="width:96px"><img class="pl-img" src="${h(image)}" alt="${h(p.title)}" width="96" height="96" ` +
            `style="display:block;width:96px;height:96px;object-fit:cover;border:0;border-radius:6px"></td>`
          : '') +
        `<td valign="top" style="padding-${side}:${image ? 16 : 0}px;text-align:${side}">` +
        `<p class="pl-text" style="margin:0 0 4px;font-size:16px;line-height:22px;font-weight:bold;color:${COLORS.text}">${h(p.title)}</p>` +
        `<p class="pl-muted" style="margin:0;font-size:13px;line-height:18px;color:${COLORS.muted}">${h(m.rate)}</p>` +
        `<p style="margin:0 0 8px">${stars}</p>${buttonHtml(p.reviewUrl, button, side)}</td></tr></table></td></tr>`
      );
    })
    .join('');
  const later = d.postponeUrl
    ? `<tr><td class="pl-pad" style="padding:8px 24px 0;text-align:${side}"><p class="pl-muted" style="margin:0;font-size:13px;line-height:18px;color:${COLORS.muted}">${h(m.postpone_lead)} ` +
      `<a href="${h(d.postponeUrl)}" class="pl-muted" style="color:${COLORS.muted};text-decoration:underline">${h(m.postpone)}</a></p></td></tr>`
    : '';

  const html = emailDocument({
    language,
    subject,
    preheader: paragraphs.join(' '),
    shopName: d.shopName,
    heading,
    paragraphs: d.rewardOffer ? [...paragraphs, d.rewardOffer] : paragraphs,
    rowsHtml: rows + later,
    shopUrl: d.shopUrl,
    unsubscribeUrl: d.unsubscribeUrl,
    openPixelUrl: d.openPixelUrl,
  });
  const plain = [
    d.shopName,
    '',
    heading,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(d.rewardOffer ? [d.rewardOffer, ''] : []),
    ...d.products.flatMap((p) => [p.title, `${button}: ${p.reviewUrl}`, '']),
    ...(d.postponeUrl ? [`${m.postpone_lead} ${m.postpone}: ${d.postponeUrl}`, ''] : []),
    ...textFooter(language, d.shopName, d.shopUrl, d.unsubscribeUrl),
  ].join('\n');
  return { subject, html, text: plain };
}
