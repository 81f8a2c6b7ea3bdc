import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { esc, safeUrl } from '../../packages/widget/src/html.ts';
import { isRtl, messages } from '../../packages/widget/src/i18n.ts';
import { ApiError } from '../http/errors.ts';
import { formatWireTime } from '../lib/time.ts';
import { findProductByHandle } from '../products/products.queries.ts';
import { ratingSummaries, findShopBy } from '../storefront/storefront.queries.ts';
import { toPublicRating } from '../storefront/storefront.mapping.ts';
import { FragmentQuery, renderFragment } from '../storefront/fragments.ts';
import { jsonLdScript, productJsonLd } from '../storefront/jsonld.ts';
import { pageShell } from '../storefront/pages.ts';
import { STOREFRONT_SORTS } from '../storefront/storefront.schemas.ts';
import { hostedProductPath, hostedReviewPath } from './feed.xml.ts';
import { findPublishedProductReview, type SinglePageReview } from './search-pages.queries.ts';
import { sitemapDocument } from './sitemap.service.ts';

const tags = ['Storefront'];
/** Languages the hosted pages' texts exist in (the widget's translations): each gets an hreflang alternate. */
export const PAGE_LANGUAGES = ['en', 'fr', 'de', 'es', 'ar', 'he'] as const;

const LangQuery = Type.Optional(
  Type.Union(
    PAGE_LANGUAGES.map((l) => Type.Literal(l)),
    { description: 'page language (default en)' },
  ),
);
const ProductPageParams = Type.Object({ shop: Type.String({ maxLength: 253, description: 'shop domain' }), handle: Type.String({ maxLength: 255, description: 'product handle' }) });
const ReviewPageParams = Type.Object({ shop: Type.String({ maxLength: 253, description: 'shop domain' }), id: Type.String({ maxLength: 20, description: 'review id' }) });
const HTML = { 200: Type.String({ description: 'text/html page' }) };

const notFoundPage = (what: string) => new ApiError('not_found', `${what} not found`, 404);

/** The canonical URL (filters, sort and language left out) and one hreflang alternate per language, x-default without ?lang. */
function headLinks(absolute: string, page: number): string {
  const url = (lang: string) => {
    const params = new URLSearchParams();
    if (page > 1) params.set('page', String(page));
    if (lang !== 'en') params.set('lang', lang);
    const text = params.toString();
    return text ? `${absolute}?${text}` : absolute;
  };
  const alternates = PAGE_LANGUAGES.map((lang) => `<link rel="alternate" hreflang="${lang}" href="${esc(url(lang))}">`);
  return `<link rel="canonical" href="${esc(url('en'))}">${alternates.join('')}<link rel="alternate" hreflang="x-default" href="${esc(url('en'))}">`;
}

const productOfReview = (review: SinglePageReview) => ({
  product_id: review.product_id,
  title: review.product_title,
  url: review.product_url,
  image_url: review.product_image,
  gtin: review.gtin,
  mpn: review.mpn,
  sku: review.sku,
  brand: review.brand,
});

function singleReviewHtml(review: SinglePageReview, productPage: string, lang: string): string {
  const m = messages(lang);
  const stars = '★'.repeat(review.rating) + '☆'.repeat(5 - review.rating);
  const images = (JSON.parse(review.media) as { url: string; type: number; is_published: number }[]).filter((item) => item.type === 1 && item.is_published === 1 && safeUrl(item.url) !== '');
  return (
    `<article class="review" id="review-${review.id}">` +
    `<p><span role="img" aria-label="${esc(`${review.rating} / 5`)}">${stars}</span> ${review.is_verified === 1 ? `<span>${esc(m.verified)}</span>` : ''}${review.is_incentivized === 1 ? ` <span>${esc(m.incentivized)}</span>` : ''}</p>` +
    (review.title ? `<h2>${esc(review.title)}</h2>` : '') +
    `<p>${esc(review.content)}</p>` +
    images.map((item, i) => `<img src="${esc(item.url)}" alt="${esc(`${i + 1}`)}" loading="lazy" width="160" height="160">`).join('') +
    `<p>— ${esc(review.author)}, <time datetime="${esc(new Date(review.commented_at).toISOString())}">${esc(formatWireTime(review.commented_at).slice(0, 10))}</time></p>` +
    (review.reply_content ? `<blockquote>${esc(review.reply_content)}</blockquote>` : '') +
    `</article><p><a href="${esc(productPage)}">${esc(review.product_title)}</a>${review.product_url ? ` · <a href="${esc(review.product_url)}">${esc(review.product_url)}</a>` : ''}</p>`
  );
}

/**
 * Hosted pages search engines can read: a product's review page and a single review's page, each
 * with Product JSON-LD (aggregateRating, reviews, identifiers), a canonical URL and hreflang
 * alternates; and the shop's sitemap of those pages. Store reviews never appear as product reviews.
 */
export const searchPagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const shopOf = async (domain: string) => {
    const shop = await findShopBy(app.db, 'domain', domain.trim().toLowerCase());
    if (!shop) throw notFoundPage('shop');
    return shop;
  };

  app.get(
    '/s/:shop/products/:handle/reviews',
    {
      schema: {
        summary: "A product's hosted review page",
        description: 'Published reviews of one product with Product JSON-LD (aggregateRating, the reviews shown, GTIN/MPN/SKU/brand when known), a canonical URL and hreflang alternates.',
        tags,
        params: ProductPageParams,
        response: HTML,
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'page' })),
          sort: Type.Optional(
            Type.Union(
              STOREFRONT_SORTS.map((s) => Type.Literal(s)),
              { description: 'order' },
            ),
          ),
          lang: LangQuery,
          tab: FragmentQuery.properties.tab,
          qa_q: FragmentQuery.properties.qa_q,
          qa_sort: FragmentQuery.properties.qa_sort,
          qa_page: FragmentQuery.properties.qa_page,
        }),
      },
    },
    async (request, reply) => {
      const shop = await shopOf(request.params.shop);
      const product = await findProductByHandle(app.db, shop.id, request.params.handle);
      if (!product || !product.handle) throw notFoundPage('product');
      const lang = request.query.lang ?? 'en';
      const page = request.query.page ?? 1;
      const { tab, qa_q, qa_sort, qa_page } = request.query;
      const qa = { questions: 1 as const, ...(tab ? { tab } : {}), ...(qa_q ? { qa_q } : {}), ...(qa_sort ? { qa_sort } : {}), ...(qa_page ? { qa_page } : {}) };
      const fragment = await renderFragment(
        app.db,
        shop,
        { widget: 'product-reviews', product_id: product.product_id, page, lang, limit: 10, ...(request.query.sort ? { sort: request.query.sort } : {}), ...qa },
        app.config.publicUrl,
        app.dialect,
      );
      const absolute = app.config.publicUrl + hostedProductPath(shop.domain, product.handle);
      const body =
        `<header><strong>${esc(shop.name)}</strong></header><main><h1>${esc(product.title)}</h1>` +
        (product.url ? `<p><a href="${esc(product.url)}">${esc(product.url)}</a></p>` : '') +
        `${fragment}</main>`;
      return reply
        .type('text/html; charset=utf-8')
        .send(pageShell({ title: `${product.title} – ${messages(lang).reviews.replace('{n} ', '')}`, lang, body, shop: shop.domain, head: headLinks(absolute, page) }));
    },
  );

  app.get(
    '/s/:shop/reviews/:id',
    {
      schema: {
        summary: 'The hosted page of one product review',
        description:
          'The page a Google feed\'s review_url type="singleton" points at: one published product review with Product JSON-LD (the product\'s aggregateRating and this review). Store reviews and unpublished reviews answer 404.',
        tags,
        params: ReviewPageParams,
        response: HTML,
        querystring: Type.Object({ lang: LangQuery }),
      },
    },
    async (request, reply) => {
      const shop = await shopOf(request.params.shop);
      const id = request.params.id;
      const review = /^[1-9][0-9]{0,15}$/.test(id) ? await findPublishedProductReview(app.db, shop.id, Number(id)) : undefined;
      if (!review) throw notFoundPage('review');
      const lang = request.query.lang ?? 'en';
      const [summary] = await ratingSummaries(app.db, shop.id, [review.product_id]);
      const publicReview = {
        author: review.author,
        commented_at: formatWireTime(review.commented_at),
        title: review.title,
        content: review.content,
        star: review.rating,
        is_incentivized: review.is_incentivized,
      };
      const jsonLd = jsonLdScript(productJsonLd({ ...productOfReview(review), seller: shop.name }, toPublicRating(summary), [publicReview as never]));
      const absolute = app.config.publicUrl + hostedReviewPath(shop.domain, review.id);
      const productPage = review.product_handle ? hostedProductPath(shop.domain, review.product_handle) : review.product_url || '#';
      const body = `<header><strong>${esc(shop.name)}</strong></header><main><h1>${esc(review.product_title)}</h1>${singleReviewHtml(review, productPage, lang)}</main>`;
      const head = headLinks(absolute, 1) + jsonLd;
      return reply
        .type('text/html; charset=utf-8')
        .send(pageShell({ title: review.title || review.product_title, lang, body: isRtl(lang) ? `<div dir="rtl">${body}</div>` : body, shop: shop.domain, head }));
    },
  );

  app.get(
    '/s/:shop/sitemap.xml',
    {
      schema: {
        summary: "The shop's sitemap of hosted review pages",
        description: 'Every product review page and single-review page. Over 50,000 URLs it is a sitemap index of ?part=1…N.',
        tags,
        params: Type.Object({ shop: Type.String({ maxLength: 253, description: 'shop domain' }) }),
        querystring: Type.Object({ part: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'part of a split sitemap' })) }),
        response: { 200: Type.String({ description: 'application/xml sitemap or sitemap index' }) },
      },
    },
    async (request, reply) => {
      const shop = await shopOf(request.params.shop);
      const document = await sitemapDocument(app.db, { id: shop.id, domain: shop.domain }, app.config.publicUrl, request.query.part ?? null);
      if (document === undefined) throw notFoundPage('sitemap part');
      return reply.type('application/xml; charset=utf-8').send(document);
    },
  );
};
