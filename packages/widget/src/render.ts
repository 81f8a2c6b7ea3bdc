import { esc, url } from './html.ts';
import { fill, type Messages } from './i18n.ts';
import { tabs } from './questions.ts';
import { SORTS, type ListState, type ProductRating, type Rating, type Review } from './types.ts';

/**
 * Markup of every widget, as strings. The same functions run in the browser (widget) and on
 * the server (fragments, hosted pages), so a server-rendered widget and its hydrated form are
 * identical: no layout shift.
 */

export const stars = (value: number, m: Messages): string => `<span class="st" style="--r:${Number(value) || 0}" role="img" aria-label="${esc(fill(m.outOf, { n: value }))}"></span>`;

const count = (n: number, m: Messages): string => (n === 1 ? m.review1 : fill(m.reviews, { n }));

/** Query string of a list state after a change: links work without JavaScript on hosted pages. */
export function listHref(s: ListState, change: Partial<Pick<ListState, 'sort' | 'star' | 'media'>> & { page?: number }): string {
  const next = { sort: s.sort, star: s.star, media: s.media, page: 1, ...change };
  const params = new URLSearchParams();
  if (next.page > 1) params.set('page', String(next.page));
  if (next.sort !== 'comprehensive-descending') params.set('sort', next.sort);
  if (next.star) params.set('star', String(next.star));
  if (next.media) params.set('media', '1');
  const query = params.toString();
  return query ? `?${query}` : '?';
}

export const starRating = (r: Rating | ProductRating, m: Messages): string =>
  `<a class="sr" href="#plaudit-reviews" data-jump>${stars(r.rating, m)}<span class="n">${r.total_reviews ? r.rating : ''}</span><span class="c">${esc(r.total_reviews ? count(r.total_reviews, m) : m.none)}</span></a>`;

export const collectionRating = (r: ProductRating, m: Messages): string =>
  `<span class="cr">${stars(r.rating, m)}<span class="c" aria-label="${esc(count(r.total_reviews, m))}">(${r.total_reviews})</span></span>`;

export const storeBadge = (r: Rating | ProductRating, m: Messages): string => `<div class="bd">${stars(r.rating, m)}<b>${r.rating}</b><span class="c">${esc(count(r.total_reviews, m))}</span></div>`;

function mediaStrip(review: Review, m: Messages): string {
  if (review.resources.length === 0) return '';
  const items = review.resources.map((media, i) => {
    const label = esc(fill(m.photo, { n: i + 1, t: review.resources.length }));
    const thumb = media.resource_type === 2 && media.thumb === media.src ? '' : `<img src="${url(media.thumb)}" alt="" width="72" height="72" loading="lazy">`;
    return `<a class="th${media.resource_type === 2 ? ' vd' : ''}" href="${url(media.src)}" target="_blank" rel="noopener nofollow" data-lb="${esc(review.id)}:${i}" aria-label="${label}">${thumb}</a>`;
  });
  return `<div class="md">${items.join('')}</div>`;
}

export function reviewCard(review: Review, m: Messages, withProduct: boolean, photos = true): string {
  const product = review.corresponding_product;
  const productLine =
    withProduct && product.product_name ? `<p class="pd">${url(product.product_url) ? `<a href="${url(product.product_url)}">${esc(product.product_name)}</a>` : esc(product.product_name)}</p>` : '';
  const day = esc(review.commented_at.slice(0, 10));
  return (
    `<li class="rv"><article>` +
    `<div class="hd"><bdi class="au">${esc(review.author)}</bdi>${review.verified_badge ? `<span class="vf">${esc(m.verified)}</span>` : ''}${review.is_incentivized ? `<span class="ic">${esc(m.incentivized)}</span>` : ''}<time datetime="${day}">${day}</time></div>` +
    stars(review.star, m) +
    (review.title ? `<h3 class="tt" dir="auto">${esc(review.title)}</h3>` : '') +
    `<p class="ct" dir="auto">${esc(review.content)}</p>` +
    productLine +
    (photos ? mediaStrip(review, m) : '') +
    (review.reply_content ? `<div class="rp"><b>${esc(m.reply)}</b><p dir="auto">${esc(review.reply_content)}</p></div>` : '') +
    `<button type="button" class="hf" data-helpful="${esc(review.id)}">${esc(fill(m.helpful, { n: review.helpful_count }))}</button>` +
    `</article></li>`
  );
}

/** Links cannot be aria-pressed; an active filter link is the current one. */
const current = (on: boolean): string => (on ? ' aria-current="true"' : '');

/** Whether the shop shows this block (ListState.hide). */
const shows = (s: ListState, block: string): boolean => !s.hide?.includes(block);

function summary(s: ListState, m: Messages): string {
  const r = s.data.rating;
  if (!shows(s, 'summary') && !shows(s, 'histogram') && !s.showForm) return '';
  const bars = [5, 4, 3, 2, 1].map((n) => {
    const c = r.stars[n - 1] ?? 0;
    const pct = r.total_reviews ? Math.round((c / r.total_reviews) * 100) : 0;
    // The accessible name comes from the content ("Show 5-star reviews 3"): no aria-label that could differ from the visible text.
    return (
      `<li><a href="${esc(listHref(s, { star: s.star === n ? 0 : n }))}" data-star="${n}"${current(s.star === n)}>` +
      `<span><span aria-hidden="true">${n}★</span><span class="vh">${esc(fill(m.filterStar, { n }))}</span></span><span class="br"><i style="width:${pct}%"></i></span><span>${c}</span></a></li>`
    );
  });
  return (
    `<div class="sm">` +
    (shows(s, 'summary') ? `<div class="av"><b>${r.rating}</b>${stars(r.rating, m)}<span class="c">${esc(count(r.total_reviews, m))}</span></div>` : '') +
    (shows(s, 'histogram') ? `<ul class="hs">${bars.join('')}</ul>` : '') +
    (s.showForm ? `<button type="button" class="wr" data-write aria-expanded="false">${esc(m.write)}</button>` : '') +
    `</div>`
  );
}

function toolbar(s: ListState, m: Messages): string {
  if (!shows(s, 'filters')) return '';
  const options = SORTS.map(([value, key]) => `<option value="${value}"${s.sort === value ? ' selected' : ''}>${esc(m[key as keyof Messages])}</option>`);
  return (
    `<form class="tb" method="get">` +
    (shows(s, 'photos') ? `<a class="fl" href="${esc(listHref(s, { media: !s.media }))}" data-media${current(s.media)}>${esc(m.withPhotos)}</a>` : '') +
    (s.star ? `<a class="fl" href="${esc(listHref(s, { star: 0 }))}" data-star="0" aria-current="true">${esc(fill(m.starsN, { n: s.star }))} ✕</a>` : '') +
    (s.star ? `<input type="hidden" name="star" value="${s.star}">` : '') +
    (s.media ? '<input type="hidden" name="media" value="1">' : '') +
    `<label>${esc(m.sort)} <select name="sort" data-sort>${options.join('')}</select></label><noscript><button>${esc(m.sort)}</button></noscript></form>`
  );
}

function pager(s: ListState, m: Messages): string {
  const { cur_page: page, total_page: total } = s.data.page;
  if (total <= 1) return '';
  const link = (to: number, label: string, rel: string) =>
    to < 1 || to > total ? `<span class="pg off">${esc(label)}</span>` : `<a class="pg" rel="${rel}" href="${esc(listHref(s, { page: to }))}" data-page="${to}">${esc(label)}</a>`;
  return `<nav class="pn" aria-label="${esc(fill(m.pageOf, { n: page, t: total }))}">${link(page - 1, m.prev, 'prev')}<span>${esc(fill(m.pageOf, { n: page, t: total }))}</span>${link(page + 1, m.next, 'next')}</nav>`;
}

/** product-reviews and all-reviews: summary with histogram, filters, sorts, list, pagination, optional form. */
export function reviewList(s: ListState, m: Messages, form: string, askForm = ''): string {
  const list = s.data.list.length ? `<ol class="ls">${s.data.list.map((r) => reviewCard(r, m, s.widget === 'all-reviews', shows(s, 'photos'))).join('')}</ol>` : `<p class="em">${esc(m.none)}</p>`;
  // Landmarks need distinct names: a page may show a product's reviews and the whole store's.
  const reviews = `${toolbar(s, m)}${list}${pager(s, m)}`;
  return `<section class="pr" id="plaudit-reviews" aria-label="${esc(s.widget === 'all-reviews' ? m.storeReviews : m.reviewsOf)}">${summary(s, m)}${form}${s.qa ? tabs(s, m, reviews, askForm) : reviews}</section>`;
}

export const carousel = (reviews: Review[], m: Messages, photos = true): string =>
  `<div class="ca" role="group" aria-roledescription="carousel" aria-label="${esc(m.reviewsOf)}">` +
  `<button type="button" class="cb" data-car="-1" aria-label="${esc(m.prev)}">‹</button>` +
  `<ul class="tr" tabindex="0">${reviews.map((r) => reviewCard(r, m, true, photos)).join('')}</ul>` +
  `<button type="button" class="cb" data-car="1" aria-label="${esc(m.next)}">›</button></div>`;
