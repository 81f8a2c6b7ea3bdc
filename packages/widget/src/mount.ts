import { api, shop } from './api.ts';
import { hiddenBlocks } from './appearance.ts';
import { bind } from './bind.ts';
import { contexts, paint, report, type Ctx } from './context.ts';
import { onFirstView } from './events.ts';
import { isRtl, messages } from './i18n.ts';
import { fetchPage, loadList } from './list.ts';
import { dress, lookOf } from './look.ts';
import { carousel, collectionRating, starRating, storeBadge } from './render.ts';
import { CSS } from './styles.ts';
import type { ListState, ProductRating, ReviewsPage } from './types.ts';

const product = (el: HTMLElement) => ({ product_id: el.dataset.productId, product_handle: el.dataset.productId ? undefined : el.dataset.productHandle });

/** Snippet attribute first ("1" or "0"), then the shop's stored choice. */
const on = (attribute: string | undefined, stored: boolean) => (attribute ?? (stored ? '1' : '')) === '1';

/** Renders one container (or takes over its server-rendered markup). */
export async function mount(el: HTMLElement, force: boolean) {
  if (contexts.has(el) && !force) return;
  const d = el.dataset;
  const widget = d.widget === 'trustoo_swiper_review' ? 'carousel' : d.widget!;
  const lang = d.lang || (window as { Shopify?: { locale?: string } }).Shopify?.locale || document.documentElement.lang || 'en';
  if (isRtl(lang) && getComputedStyle(el).direction !== 'rtl') el.dir = 'rtl';
  el.classList.add(getComputedStyle(el).direction === 'rtl' || el.dir === 'rtl' ? 'trustoo-rtl' : 'trustoo-ltr');
  const prerendered = el.shadowRoot !== null && !contexts.has(el);
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  const ctx: Ctx = contexts.get(el) ?? { el, root, m: messages(lang), css: CSS, reviews: [] };
  if (!contexts.has(el)) {
    contexts.set(el, ctx);
    bind(ctx);
    if (/^(product-reviews|all-reviews|carousel|trustoo_swiper_review)$/.test(d.widget!)) onFirstView(el, () => report(ctx, 'VIEW_REVIEW'));
  }
  const lookNow = lookOf(el);
  const limit = Math.min(Math.max(Number(d.limit) || 10, 1), 50);
  const list = !prerendered && (widget === 'product-reviews' || widget === 'all-reviews');
  const listState: ListState = {
    widget,
    shop,
    productId: widget === 'all-reviews' ? '' : (d.productId ?? ''),
    productHandle: widget === 'all-reviews' ? '' : (d.productHandle ?? ''),
    limit,
    sort: d.sort || 'comprehensive-descending',
    star: 0,
    minStar: Number(d.minRating) || 0,
    media: false,
    showForm: false,
    lang,
    data: { list: [], page: { cur_page: 1, total_page: 0, count: 0 }, rating: { rating: 0, total_reviews: 0, stars: [] } },
  };
  // Page 1 does not depend on the shop's appearance: both requests go out together.
  const first = list ? fetchPage(listState, 1, force) : undefined;
  // Handled here too, so a failed page is not reported as unhandled while the appearance is awaited.
  first?.catch(() => 0);
  const look = await lookNow;
  const theme = d.theme || look.theme;
  d.theme = theme === 'auto' ? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : theme;
  dress(ctx, look, lang);
  if (prerendered) {
    // Server-rendered (declarative shadow DOM): keep the markup as it is, only take over its state.
    const saved = el.querySelector('script.plaudit-state');
    const state = saved ? (JSON.parse(saved.textContent ?? '{}') as ListState) : null;
    ctx.reviews = state?.data?.list ?? [];
    if (state && state.widget !== 'carousel') ctx.state = state;
    return;
  }
  if (list) {
    listState.showForm = on(d.showForm, look.blocks.write_button) && widget === 'product-reviews';
    listState.hide = hiddenBlocks(look.blocks);
    if (on(d.questions, look.blocks.questions) && widget === 'product-reviews')
      listState.qa = { q: '', sort: 'helpful-descending', open: false, n: 0, data: { list: [], page: { cur_page: 1, total_page: 0, count: 0 } } };
    ctx.state = listState;
    return loadList(ctx, 1, force, true, first);
  }
  if (widget === 'carousel') {
    const data = await api<ReviewsPage>('get_product_reviews', { ...product(el), limit, sort_by: d.sort || 'comprehensive-descending', min_star: Number(d.minRating) || 4 }, undefined, force);
    ctx.reviews = data.list;
    return paint(ctx, carousel(data.list, ctx.m, look.blocks.photos));
  }
  if (widget === 'star-rating' || widget === 'store-rating-badge') {
    const params = widget === 'store-rating-badge' ? { is_all_rating: 1 } : product(el);
    const [rating] = await api<ProductRating[]>('get_products_rating', params, undefined, force);
    return paint(ctx, widget === 'star-rating' ? starRating(rating!, ctx.m) : storeBadge(rating!, ctx.m));
  }
}

/** Every collection-rating container on the page is filled from one batch call (ids and handles separately). */
export async function mountCollection(elements: HTMLElement[], force: boolean) {
  // Server-rendered containers (declarative shadow DOM) already show their rating; refresh() renders them again.
  const todo = elements.filter((el) => force || (!contexts.has(el) && !el.shadowRoot));
  for (const key of ['productId', 'productHandle'] as const) {
    const group = todo.filter((el) => (key === 'productId' ? el.dataset.productId : !el.dataset.productId && el.dataset.productHandle));
    if (group.length === 0) continue;
    const values = [...new Set(group.map((el) => el.dataset[key]!))];
    const ratings = await api<ProductRating[]>('get_products_rating', { [key === 'productId' ? 'product_id' : 'product_handle']: values.join(',') }, undefined, force);
    for (const el of group) {
      const lang = el.dataset.lang || document.documentElement.lang;
      const ctx: Ctx = contexts.get(el) ?? { el, root: el.shadowRoot ?? el.attachShadow({ mode: 'open' }), m: messages(lang), css: CSS, reviews: [] };
      contexts.set(el, ctx);
      dress(ctx, await lookOf(el), lang);
      paint(ctx, collectionRating(ratings[values.indexOf(el.dataset[key]!)]!, ctx.m));
    }
  }
}
