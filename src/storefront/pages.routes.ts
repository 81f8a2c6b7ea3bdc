import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { reviewForm } from '../../packages/widget/src/form.ts';
import { esc } from '../../packages/widget/src/html.ts';
import { messages } from '../../packages/widget/src/i18n.ts';
import { autoThemeCss, CSS } from '../../packages/widget/src/styles.ts';
import { lookCss, type Appearance } from '../../packages/widget/src/appearance.ts';
import type { Db } from '../db/database.ts';
import { ApiError } from '../http/errors.ts';
import { useSurface } from '../http/security-headers.ts';
import { acceptHtmlForms } from '../http/forms.ts';
import { findProductByHandle } from '../products/products.queries.ts';
import { widgetAppearance } from './appearance.service.ts';
import { renderFragment } from './fragments.ts';
import { pageShell } from './pages.ts';
import type { PublicReadCache } from './public-cache.ts';
import { STOREFRONT_SORTS, SubmitReviewBody } from './storefront.schemas.ts';
import { findShopBy } from './storefront.queries.ts';
import { submitReview } from './storefront.service.ts';
import { askQuestion } from '../questions/questions.service.ts';
import { AskQuestionBody } from './questions.schemas.ts';

const tags = ['Storefront'];

/**
 * The language of the hosted storefront pages under /s/<shop>/: they serve anyone (no order, link or
 * customer names a language), are English throughout (their headings, <html lang="en"> from
 * pageShell), and the widget texts on them (the ask error, the thank-you heading, the form) use it too.
 */
const PAGE_LANGUAGE = 'en';

// Pages answer a real 404 (the JSON API answers code 5 with HTTP 200).
export async function pageShop(db: Db, domain: string) {
  const shop = await findShopBy(db, 'domain', domain.trim().toLowerCase());
  if (!shop) throw new ApiError('not_found', 'shop not found', 404);
  return shop;
}

export async function pageProduct(db: Db, shopId: number, handle: string) {
  const product = await findProductByHandle(db, shopId, handle);
  if (!product) throw new ApiError('not_found', 'product not found', 404);
  return product;
}
const ShopParams = Type.Object({ shop: Type.String({ maxLength: 253, description: 'shop domain' }) });
export const ProductParams = Type.Object({ shop: Type.String({ maxLength: 253, description: 'shop domain' }), handle: Type.String({ maxLength: 255, description: 'product handle' }) });
const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'page' })),
  sort: Type.Optional(
    Type.Union(
      STOREFRONT_SORTS.map((s) => Type.Literal(s)),
      { description: 'order' },
    ),
  ),
  star: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'stars filter' })),
  media: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)], { description: '1: with photos only' })),
});
export const HTML = { 200: Type.String({ description: 'text/html page' }) };

/** Hosted storefront pages under /s/<shop domain>/: server-rendered, working without JavaScript. */
export const storefrontPageRoutes: FastifyPluginAsyncTypebox<{ cache: PublicReadCache; writeLimit: object }> = async (app, { cache, writeLimit }) => {
  await useSurface(app, 'hostedPage');
  await acceptHtmlForms(app, 64 * 1024);
  const shopOf = (domain: string) => pageShop(app.db, domain);
  const productOf = (shopId: number, handle: string) => pageProduct(app.db, shopId, handle);
  const shopUrl = (domain: string) => `${app.config.publicUrl}/s/${encodeURIComponent(domain)}`;

  app.get(
    '/s/:shop/reviews',
    {
      schema: {
        summary: "A shop's all-reviews page",
        description: 'Every published review, with filters, sorts and pagination as plain links.',
        tags,
        params: ShopParams,
        querystring: ListQuery,
        response: HTML,
      },
    },
    async (request, reply) => {
      const shop = await shopOf(request.params.shop);
      const fragment = await renderFragment(app.db, shop, { widget: 'all-reviews', ...request.query, limit: 10 }, app.config.publicUrl, app.dialect);
      // The review titles inside the widget are h3: an h2 keeps the heading levels in order.
      const body = `<header><strong>${esc(shop.name)}</strong></header><main><h1>Reviews of ${esc(shop.name)}</h1><section><h2>What customers say</h2>${fragment}</section></main>`;
      const page = request.query.page && request.query.page > 1 ? `?page=${request.query.page}` : '';
      return reply.type('text/html; charset=utf-8').send(
        pageShell({
          title: `Reviews of ${shop.name}`,
          body,
          shop: shop.domain,
          description: `What customers say about ${shop.name}: every published review, with ratings and photos.`,
          canonical: `${shopUrl(shop.domain)}/reviews${page}`,
        }),
      );
    },
  );

  app.get(
    '/s/:shop/products/:handle/review',
    {
      schema: { summary: 'The write-a-review page of a product', description: 'A plain HTML form that posts to /s/<shop>/submit.', tags, params: ProductParams, response: HTML },
    },
    async (request, reply) => {
      const shop = await shopOf(request.params.shop);
      const product = await productOf(shop.id, request.params.handle);
      const canonical = `${shopUrl(shop.domain)}/products/${encodeURIComponent(product.handle)}/review`;
      return reply.type('text/html; charset=utf-8').send(formPage(await widgetAppearance(app.db, shop.id), shop.domain, shop.name, product.title, product.product_id, '', canonical));
    },
  );

  app.post(
    '/s/:shop/submit',
    {
      schema: { summary: 'Submit the hosted review form', description: 'Form post (urlencoded). Answers 303 to the thank-you page, or the form again with the problem.', tags, params: ShopParams },
      config: writeLimit,
    },
    async (request, reply) => {
      const shop = await shopOf(request.params.shop);
      // Without JavaScript a file input posts only its name; photos need the widget's upload.
      const { photos: _fileName, ...raw } = (request.body ?? {}) as Record<string, string>;
      const input = { ...raw, shop: shop.domain, rating: Number(raw.rating), product_id: raw.product_id || undefined };
      let problem = Value.Check(SubmitReviewBody, input) ? '' : 'Please fill in every required field and give a rating.';
      if (!problem) {
        try {
          const result = await submitReview(app, shop, input as never, app.config.media.publicUrl);
          cache.clearShop(shop.id);
          return reply
            .code(303)
            .header('location', `/s/${encodeURIComponent(shop.domain)}/thanks?status=${result.status}`)
            .send();
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          problem = error.message;
        }
      }
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(formPage(await widgetAppearance(app.db, shop.id), shop.domain, shop.name, '', String(raw.product_id ?? ''), problem));
    },
  );

  app.post(
    '/s/:shop/ask',
    {
      schema: {
        summary: 'Submit the hosted ask-a-question form',
        description: 'Form post (urlencoded) from the Q&A tab without JavaScript. Answers 303 to the thank-you page, or 400 with the problem.',
        tags,
        params: ShopParams,
      },
      config: writeLimit,
    },
    async (request, reply) => {
      const shop = await shopOf(request.params.shop);
      const raw = (request.body ?? {}) as Record<string, string>;
      const input = { shop: shop.domain, product_id: raw.product_id || undefined, question: raw.question ?? '', author: raw.asker ?? '', author_email: raw.asker_email ?? '', website: raw.website };
      let problem = Value.Check(AskQuestionBody, input) ? '' : 'Please fill in your question, your name and a valid email address.';
      if (!problem) {
        try {
          if (!input.product_id || !/^[0-9]{1,20}$/.test(input.product_id)) throw new ApiError('invalid_argument', 'invalid argument: product_id is required');
          await askQuestion(app, shop.id, {
            productId: input.product_id,
            content: input.question,
            author: input.author,
            email: input.author_email,
            ...(input.website !== undefined ? { website: input.website } : {}),
          });
          return reply
            .code(303)
            .header('location', `/s/${encodeURIComponent(shop.domain)}/thanks?status=asked`)
            .send();
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          problem = error.message;
        }
      }
      const body = `<header><strong>${esc(shop.name)}</strong></header><main><h1>${esc(messages(PAGE_LANGUAGE).ask)}</h1><p role="alert" style="color:#b00020">${esc(problem)}</p></main>`;
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(pageShell({ title: messages(PAGE_LANGUAGE).ask, body, shop: shop.domain }));
    },
  );

  app.get(
    '/s/:shop/thanks',
    {
      schema: {
        summary: 'Thank-you page after a hosted review or question',
        tags,
        params: ShopParams,
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('pending'), Type.Literal('asked')], { description: 'outcome of the submission (asked: a question)' })),
        }),
        response: HTML,
      },
    },
    async (request, reply) => {
      const shop = await shopOf(request.params.shop);
      const m = messages(PAGE_LANGUAGE);
      const text = request.query.status === 'published' ? m.published : request.query.status === 'asked' ? m.asked : m.pending;
      const body = `<header><strong>${esc(shop.name)}</strong></header><main><div role="status"><h1>${esc(text)}</h1></div><p><a href="/s/${esc(encodeURIComponent(shop.domain))}/reviews">Read all reviews</a></p></main>`;
      return reply.type('text/html; charset=utf-8').send(
        pageShell({
          title: text,
          body,
          shop: shop.domain,
          description: `Thank you for reviewing ${shop.name}.`,
          canonical: `${shopUrl(shop.domain)}/thanks`,
        }),
      );
    },
  );
};

function formPage(look: Appearance, domain: string, shopName: string, productTitle: string, productId: string, problem: string, canonical?: string): string {
  const m = messages(PAGE_LANGUAGE, look.texts);
  const form = reviewForm({ action: `/s/${encodeURIComponent(domain)}/submit`, shop: domain, productId, open: true, photos: false }, m);
  const body =
    `<header><strong>${esc(shopName)}</strong></header><main><h1>${esc(productTitle ? `Review ${productTitle}` : m.write)}</h1>` +
    (problem ? `<p role="alert" style="color:#b00020">${esc(problem)}</p>` : '') +
    `<div class="trustoo-widget" data-widget="review-form" data-theme="${look.theme}"><template shadowrootmode="open"><style>${CSS}${autoThemeCss()}${lookCss(look, look.density === 'compact')}</style>${form}</template></div></main>`;
  const description = productTitle ? `Share your experience with ${productTitle} from ${shopName}.` : `Share your experience with ${shopName}.`;
  return pageShell({ title: productTitle ? `${m.write}: ${productTitle}` : m.write, body, shop: domain, description, ...(canonical ? { canonical } : {}) });
}
