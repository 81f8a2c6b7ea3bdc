import { Type, type Static } from '@sinclair/typebox';
import { reviewForm } from '../../packages/widget/src/form.ts';
import { esc, scriptJson } from '../../packages/widget/src/html.ts';
import { isRtl, messages } from '../../packages/widget/src/i18n.ts';
import { carousel, collectionRating, reviewList, starRating, storeBadge } from '../../packages/widget/src/render.ts';
import { autoThemeCss, CSS } from '../../packages/widget/src/styles.ts';
import { hiddenBlocks, lookCss } from '../../packages/widget/src/appearance.ts';
import type { ListState } from '../../packages/widget/src/types.ts';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import { invalidArgument } from '../http/errors.ts';
import { Flag } from '../http/schemas.ts';
import { findProduct, findProductByHandle } from '../products/products.queries.ts';
import type { ShopRow } from '../shops/shops.table.ts';
import { askForm } from '../../packages/widget/src/questions.ts';
import { PUBLIC_QUESTION_SORTS } from '../questions/questions.schemas.ts';
import { publicQuestions } from '../questions/questions.service.ts';
import { widgetAppearance } from './appearance.service.ts';
import { jsonLdScript, productJsonLd } from './jsonld.ts';
import { STOREFRONT_SORTS, type StorefrontSort } from './storefront.schemas.ts';
import { productsRating, publicReviews } from './storefront.service.ts';

export const WIDGET_TYPES = ['product-reviews', 'all-reviews', 'star-rating', 'collection-rating', 'carousel', 'store-rating-badge'] as const;

export const FragmentQuery = Type.Object({
  shop: Type.Optional(Type.String({ maxLength: 253, description: 'shop domain' })),
  shop_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: 'Plaudit shop id (alternative to shop)' })),
  widget: Type.Union(
    WIDGET_TYPES.map((w) => Type.Literal(w)),
    { description: 'widget type (spec widget.md §3.3)' },
  ),
  product_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: 'store product id' })),
  product_handle: Type.Optional(Type.String({ maxLength: 255, description: 'product handle (when product_id is absent)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'reviews per page (default 10)' })),
  sort: Type.Optional(
    Type.Union(
      STOREFRONT_SORTS.map((s) => Type.Literal(s)),
      { description: 'list order' },
    ),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'page of a list widget' })),
  star: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'list filter: stars' })),
  media: Type.Optional(Flag('list filter: with photos only')),
  min_rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'hide reviews below this many stars' })),
  lang: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$', description: 'UI language (default en)' })),
  theme: Type.Optional(Type.Union([Type.Literal('light'), Type.Literal('dark'), Type.Literal('auto')], { description: "colour scheme (default: the shop's appearance setting)" })),
  density: Type.Optional(Type.Union([Type.Literal('comfortable'), Type.Literal('compact')], { description: "spacing (default: the shop's appearance setting)" })),
  show_form: Type.Optional(Flag("product-reviews: include the write-a-review form (default: the shop's appearance setting)")),
  questions: Type.Optional(Flag("product-reviews: include the Q&A tab, published questions and answers and the ask form (default: the shop's appearance setting)")),
  tab: Type.Optional(Type.Union([Type.Literal('reviews'), Type.Literal('questions')], { description: 'product-reviews with questions=1: the tab shown first (default reviews)' })),
  qa_q: Type.Optional(Type.String({ maxLength: 100, description: 'Q&A tab: search text' })),
  qa_sort: Type.Optional(
    Type.Union(
      PUBLIC_QUESTION_SORTS.map((s) => Type.Literal(s)),
      { description: 'Q&A tab: order (default helpful-descending)' },
    ),
  ),
  qa_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'Q&A tab: page' })),
});
export type FragmentQuery = Static<typeof FragmentQuery>;

/**
 * A server-rendered widget: the container, its shadow root as declarative shadow DOM (so it
 * paints before any script runs and never shifts), the state the script hydrates from, and
 * JSON-LD for product reviews.
 */
export async function renderFragment(db: Db, shop: ShopRow, query: FragmentQuery, publicUrl: string, dialect: DialectName): Promise<string> {
  const lang = query.lang ?? 'en';
  // The shop's appearance; the query (like a snippet's attributes) wins.
  const look = await widgetAppearance(db, shop.id);
  const m = messages(lang, look.texts);
  const showForm = (query.show_form ?? (look.blocks.write_button ? 1 : 0)) === 1;
  const questions = (query.questions ?? (look.blocks.questions ? 1 : 0)) === 1;
  const widget = query.widget;
  const productSelector = { ...(query.product_id ? { product_id: query.product_id } : {}), ...(query.product_handle && !query.product_id ? { product_handle: query.product_handle } : {}) };
  const needsProduct = widget === 'product-reviews' || widget === 'star-rating' || widget === 'collection-rating';
  if (needsProduct && !query.product_id && !query.product_handle) throw invalidArgument('product_id', 'or product_handle is required for this widget');
  const attrs: Record<string, string> = { class: `trustoo-widget ${isRtl(lang) ? 'trustoo-rtl' : 'trustoo-ltr'}`, 'data-widget': widget, 'data-theme': query.theme ?? look.theme, 'data-lang': lang };
  if (query.density) attrs['data-density'] = query.density;
  if (isRtl(lang)) attrs.dir = 'rtl';
  if (query.product_id) attrs['data-product-id'] = query.product_id;
  if (query.product_handle) attrs['data-product-handle'] = query.product_handle;
  let inner = '';
  let light = '';
  if (widget === 'product-reviews' || widget === 'all-reviews') {
    const sort: StorefrontSort = query.sort ?? 'comprehensive-descending';
    const limit = query.limit ?? 10;
    const scope = widget === 'all-reviews' ? {} : productSelector;
    const data = await publicReviews(db, shop, {
      ...scope,
      page: query.page ?? 1,
      limit,
      sort_by: sort,
      ...(query.star ? { star: query.star } : {}),
      ...(query.min_rating ? { min_star: query.min_rating } : {}),
      ...(query.media ? { has_media: 1 } : {}),
    });
    const product = widget === 'all-reviews' ? undefined : query.product_id ? await findProduct(db, shop.id, query.product_id) : await findProductByHandle(db, shop.id, query.product_handle!);
    const productId = product?.product_id ?? query.product_id ?? '';
    const withQa = questions && widget === 'product-reviews';
    const qaSort = query.qa_sort ?? 'helpful-descending';
    const qa = withQa
      ? {
          q: query.qa_q?.trim() ?? '',
          sort: qaSort,
          open: query.tab === 'questions',
          n: 0,
          data: await publicQuestions({ db, dialect }, shop.id, productId, { ...(query.qa_q?.trim() ? { search: query.qa_q } : {}), sort: qaSort, page: query.qa_page ?? 1, limit: 5 }),
        }
      : undefined;
    const state: ListState = {
      widget,
      shop: shop.domain,
      productId,
      productHandle: query.product_handle ?? '',
      limit,
      sort,
      star: query.star ?? 0,
      minStar: query.min_rating ?? 0,
      media: query.media === 1,
      showForm: showForm && widget === 'product-reviews',
      lang,
      data,
      hide: hiddenBlocks(look.blocks),
      ...(qa ? { qa } : {}),
    };
    const form = state.showForm ? reviewForm({ action: `${publicUrl}/s/${encodeURIComponent(shop.domain)}/submit`, shop: shop.domain, productId, open: false, photos: true }, m) : '';
    inner = reviewList(state, m, form, qa ? askForm(`${publicUrl}/s/${encodeURIComponent(shop.domain)}/ask`, state, m) : '');
    light = `<script type="application/json" class="plaudit-state">${scriptJson(state)}</script>`;
    // Google's Product snippet needs a rating or a review: no markup before the first review.
    if (product && data.rating.total_reviews > 0) light += jsonLdScript(productJsonLd({ ...product, seller: shop.name }, data.rating, data.list, qa?.data.list ?? []));
  } else if (widget === 'carousel') {
    const data = await publicReviews(db, shop, { ...productSelector, limit: query.limit ?? 10, sort_by: query.sort ?? 'comprehensive-descending', min_star: query.min_rating ?? 4 });
    inner = carousel(data.list, m, look.blocks.photos);
    light = `<script type="application/json" class="plaudit-state">${scriptJson({ widget, data })}</script>`;
  } else {
    const [rating] = await productsRating(db, shop, widget === 'store-rating-badge' ? { is_all_rating: 1 } : productSelector);
    inner = widget === 'star-rating' ? starRating(rating!, m) : widget === 'collection-rating' ? collectionRating(rating!, m) : storeBadge(rating!, m);
  }
  const attributes = Object.entries(attrs)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(' ');
  return `<div ${attributes}><template shadowrootmode="open"><style>${CSS}${autoThemeCss()}${lookCss(look, (query.density ?? look.density) === 'compact')}</style>${inner}</template>${light}</div>`;
}
