import { api, apiDomain } from './api.ts';
import { paint, type Ctx } from './context.ts';
import { reviewForm } from './form.ts';
import { askForm } from './questions.ts';
import { reviewList } from './render.ts';
import type { ListState, QuestionsPage, ReviewsPage } from './types.ts';

/** product-reviews and all-reviews: loading a page (and the Q&A tab) and drawing the list from its state. */
export function renderList(ctx: Ctx) {
  const s = ctx.state!;
  ctx.reviews = s.data.list;
  const form = s.showForm ? reviewForm({ action: `${apiDomain}/s/${encodeURIComponent(s.shop)}/submit`, shop: s.shop, productId: s.productId, open: false, photos: true }, ctx.m) : '';
  paint(ctx, reviewList(s, ctx.m, form, s.qa ? askForm(`${apiDomain}/s/${encodeURIComponent(s.shop)}/ask`, s, ctx.m) : ''));
}

export const fetchQa = (s: ListState, page = 1, fresh = false, n = ++s.qa!.n) =>
  api<QuestionsPage>(
    'get_product_questions',
    { product_id: s.productId, product_handle: s.productId ? undefined : s.productHandle, q: s.qa!.q, sort_by: s.qa!.sort, page, limit: 5 },
    undefined,
    fresh,
  ).then((data) => void (n === s.qa!.n && (s.qa!.data = data)));

/** Page `page` of the list's reviews (started before the shop's appearance is known: it does not depend on it). */
export const fetchPage = (s: ListState, page: number, fresh: boolean) =>
  api<ReviewsPage>(
    'get_product_reviews',
    {
      product_id: s.productId,
      product_handle: s.productId ? undefined : s.productHandle,
      page,
      limit: s.limit,
      sort_by: s.sort,
      star: s.star,
      min_star: s.minStar,
      has_media: s.media ? 1 : 0,
    },
    undefined,
    fresh,
  );

export async function loadList(ctx: Ctx, page = 1, fresh = false, withQa = false, pending = fetchPage(ctx.state!, page, fresh)) {
  const s = ctx.state!;
  [s.data] = await Promise.all([pending, withQa && s.qa && fetchQa(s, 1, fresh)]);
  renderList(ctx);
}
