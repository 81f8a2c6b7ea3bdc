import { eventReporter, onFirstView, type Extra } from './events.ts';
import { reviewForm } from './form.ts';
import { isRtl, messages, fill, type Messages } from './i18n.ts';
import { openLightbox } from './lightbox.ts';
import { askForm } from './questions.ts';
import { carousel, collectionRating, reviewList, starRating, storeBadge } from './render.ts';
import { CSS } from './styles.ts';
import type { ListState, ProductRating, QuestionsPage, Review, ReviewsPage } from './types.ts';

/** The storefront widget: one script tag, declarative containers, shadow-root rendering, quiet failure. */
const VERSION = '1.0.0';
const script = (document.currentScript ?? document.querySelector('script[data-shop][src*="/widget/v1/"]')) as HTMLScriptElement | null;
const apiDomain = script?.src ? new URL(script.src).origin : location.origin;
const shop = script?.dataset.shop ?? script?.dataset.shopId ?? '';
const shopParam = (): Record<string, string> => (/^\d+$/.test(shop) ? { shop_id: shop } : { shop });

interface Ctx {
  el: HTMLElement;
  root: ShadowRoot;
  m: Messages;
  state?: ListState;
  reviews: Review[];
}
const contexts = new WeakMap<Element, Ctx>();
const reportEvent = eventReporter(apiDomain, shopParam);
const report = (ctx: Ctx, type: string, extra?: Extra, reviewId?: string) =>
  reportEvent(type, { productId: ctx.state?.productId || ctx.el.dataset.productId, reviewId, extra: { widget: ctx.el.dataset.widget ?? '', ...extra } });

/** `fresh` revalidates with the server (ETag) instead of trusting the browser cache: used by refresh(). */
async function api<T>(path: string, params: Record<string, string | number | boolean | undefined>, body?: object, fresh = false): Promise<T> {
  const query = new URLSearchParams(shopParam());
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false && v !== 0) query.set(k, String(v));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 8000);
  try {
    // text/plain keeps the request "simple" (no CORS preflight); the server reads the body as JSON.
    const init: RequestInit = body
      ? { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ ...shopParam(), ...body }), signal: controller.signal }
      : { signal: controller.signal, cache: fresh ? 'no-cache' : 'default' };
    const response = await fetch(`${apiDomain}/api/v1/reviews/${path}${body ? '' : `?${query}`}`, init);
    const json = (await response.json()) as { code: number; message: string; data: T };
    if (json.code !== 0) throw new Error(json.message);
    return json.data;
  } finally {
    clearTimeout(timer);
  }
}

const paint = (ctx: Ctx, html: string) => {
  ctx.root.innerHTML = `<style>${CSS}</style>${html}`;
  ctx.el.dispatchEvent(new CustomEvent('trustoo:rendered', { bubbles: true, detail: { widget: ctx.el.dataset.widget, element: ctx.el } }));
};

const product = (el: HTMLElement) => ({ product_id: el.dataset.productId, product_handle: el.dataset.productId ? undefined : el.dataset.productHandle });

function renderList(ctx: Ctx) {
  const s = ctx.state!;
  ctx.reviews = s.data.list;
  const form = s.showForm ? reviewForm({ action: `${apiDomain}/s/${encodeURIComponent(s.shop)}/submit`, shop: s.shop, productId: s.productId, open: false, photos: true }, ctx.m) : '';
  paint(ctx, reviewList(s, ctx.m, form, s.qa ? askForm(`${apiDomain}/s/${encodeURIComponent(s.shop)}/ask`, s, ctx.m) : ''));
}

const fetchQa = (s: ListState, page = 1, fresh = false) =>
  api<QuestionsPage>(
    'get_product_questions',
    { product_id: s.productId, product_handle: s.productId ? undefined : s.productHandle, q: s.qa!.q, sort_by: s.qa!.sort, page, limit: 5 },
    undefined,
    fresh,
  ).then((data) => void (s.qa!.data = data));

async function loadList(ctx: Ctx, page = 1, fresh = false, withQa = false) {
  const s = ctx.state!;
  [s.data] = await Promise.all([
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
    ),
    withQa && s.qa && fetchQa(s, 1, fresh),
  ]);
  renderList(ctx);
}

async function mount(el: HTMLElement, force: boolean) {
  if (contexts.has(el) && !force) return;
  const d = el.dataset;
  const widget = d.widget === 'trustoo_swiper_review' ? 'carousel' : d.widget!;
  const lang = d.lang || (window as { Shopify?: { locale?: string } }).Shopify?.locale || document.documentElement.lang || 'en';
  if (isRtl(lang) && getComputedStyle(el).direction !== 'rtl') el.dir = 'rtl';
  el.classList.add(getComputedStyle(el).direction === 'rtl' || el.dir === 'rtl' ? 'trustoo-rtl' : 'trustoo-ltr');
  if (!d.theme || d.theme === 'auto') d.theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  const prerendered = el.shadowRoot !== null && !contexts.has(el);
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  const ctx: Ctx = contexts.get(el) ?? { el, root, m: messages(lang), reviews: [] };
  if (!contexts.has(el)) {
    contexts.set(el, ctx);
    bind(ctx);
    if (/^(product-reviews|all-reviews|carousel|trustoo_swiper_review)$/.test(d.widget!)) onFirstView(el, () => report(ctx, 'VIEW_REVIEW'));
  }
  if (prerendered) {
    // Server-rendered (declarative shadow DOM): keep the markup as it is, only take over its state.
    const saved = el.querySelector('script.plaudit-state');
    const state = saved ? (JSON.parse(saved.textContent ?? '{}') as ListState) : null;
    ctx.reviews = state?.data?.list ?? [];
    if (state && state.widget !== 'carousel') ctx.state = state;
    return;
  }
  const limit = Math.min(Math.max(Number(d.limit) || 10, 1), 50);
  if (widget === 'product-reviews' || widget === 'all-reviews') {
    ctx.state = {
      widget,
      shop,
      productId: widget === 'all-reviews' ? '' : (d.productId ?? ''),
      productHandle: widget === 'all-reviews' ? '' : (d.productHandle ?? ''),
      limit,
      sort: d.sort || 'comprehensive-descending',
      star: 0,
      minStar: Number(d.minRating) || 0,
      media: false,
      showForm: d.showForm === '1' && widget === 'product-reviews',
      lang,
      data: { list: [], page: { cur_page: 1, total_page: 0, count: 0 }, rating: { rating: 0, total_reviews: 0, stars: [] } },
      ...(d.questions === '1' && widget === 'product-reviews' ? { qa: { q: '', sort: 'helpful-descending', open: false, data: { list: [], page: { cur_page: 1, total_page: 0, count: 0 } } } } : {}),
    };
    return loadList(ctx, 1, force, true);
  }
  if (widget === 'carousel') {
    const data = await api<ReviewsPage>('get_product_reviews', { ...product(el), limit, sort_by: d.sort || 'comprehensive-descending', min_star: Number(d.minRating) || 4 }, undefined, force);
    ctx.reviews = data.list;
    return paint(ctx, carousel(data.list, ctx.m));
  }
  if (widget === 'star-rating' || widget === 'store-rating-badge') {
    const params = widget === 'store-rating-badge' ? { is_all_rating: 1 } : product(el);
    const [rating] = await api<ProductRating[]>('get_products_rating', params, undefined, force);
    return paint(ctx, widget === 'star-rating' ? starRating(rating!, ctx.m) : storeBadge(rating!, ctx.m));
  }
}

/** Every collection-rating container on the page is filled from one batch call (ids and handles separately). */
async function mountCollection(elements: HTMLElement[], force: boolean) {
  // Server-rendered containers (declarative shadow DOM) already show their rating; refresh() renders them again.
  const todo = elements.filter((el) => force || (!contexts.has(el) && !el.shadowRoot));
  for (const key of ['productId', 'productHandle'] as const) {
    const group = todo.filter((el) => (key === 'productId' ? el.dataset.productId : !el.dataset.productId && el.dataset.productHandle));
    if (group.length === 0) continue;
    const values = [...new Set(group.map((el) => el.dataset[key]!))];
    const ratings = await api<ProductRating[]>('get_products_rating', { [key === 'productId' ? 'product_id' : 'product_handle']: values.join(',') }, undefined, force);
    for (const el of group) {
      const ctx: Ctx = contexts.get(el) ?? { el, root: el.shadowRoot ?? el.attachShadow({ mode: 'open' }), m: messages(el.dataset.lang || document.documentElement.lang), reviews: [] };
      contexts.set(el, ctx);
      paint(ctx, collectionRating(ratings[values.indexOf(el.dataset[key]!)]!, ctx.m));
    }
  }
}

function bind(ctx: Ctx) {
  const { root } = ctx;
  const act = (run: () => Promise<unknown> | void) =>
    Promise.resolve()
      .then(run)
      .catch(() => ctx.el.setAttribute('data-plaudit-error', '1'));
  root.addEventListener('click', (event) => {
    const target = (event.target as Element).closest<HTMLElement>(
      '[data-page],[data-star],[data-media],[data-helpful],[data-lb],[data-write],[data-car],[data-jump],[data-tab],[data-qpage],[data-ahelpful]',
    );
    if (!target) return;
    const s = ctx.state;
    const d = target.dataset;
    if (s?.qa && d.tab) {
      event.preventDefault();
      s.qa.open = d.tab === 'q';
      if (s.qa.open) report(ctx, 'VIEW_QUESTIONS');
      renderList(ctx);
      return root.querySelector<HTMLElement>(`#pl-t${d.tab}`)?.focus();
    }
    if (s?.qa && d.qpage) {
      event.preventDefault();
      return act(() =>
        fetchQa(s, Number(d.qpage))
          .then(() => renderList(ctx))
          .then(() => root.querySelector<HTMLElement>('#pl-tq')?.focus()),
      );
    }
    if (d.ahelpful) {
      return act(async () => {
        const result = await api<{ helpful_count: number }>('answer_helpful', {}, { answer_id: d.ahelpful });
        target.textContent = fill(ctx.m.helpful, { n: result.helpful_count });
        target.setAttribute('aria-pressed', 'true');
        target.setAttribute('disabled', '');
      });
    }
    if (d.lb !== undefined) {
      const [id, i] = d.lb.split(':');
      const review = ctx.reviews.find((r) => r.id === id);
      if (!review) return;
      event.preventDefault();
      report(ctx, 'CLICK_MEDIA', { index: Number(i) }, id);
      return openLightbox(root, review.resources, Number(i), target, ctx.m);
    }
    if (d.jump !== undefined) {
      event.preventDefault();
      const list = document.querySelector<HTMLElement>('.trustoo-widget[data-widget=product-reviews]');
      return list?.scrollIntoView({ behavior: 'smooth' });
    }
    if (d.car !== undefined) {
      const track = root.querySelector('.tr')!;
      return track.scrollBy({ left: Number(d.car) * track.clientWidth * (ctx.el.classList.contains('trustoo-rtl') ? -1 : 1), behavior: 'smooth' });
    }
    if (d.write !== undefined) {
      const form = root.querySelector<HTMLFormElement>('[data-form]')!;
      form.hidden = !form.hidden;
      target.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) form.querySelector<HTMLElement>('input[name=rating]')!.focus();
      return;
    }
    if (d.helpful !== undefined) {
      return act(async () => {
        const result = await api<{ helpful_count: number }>('helpful', {}, { review_id: d.helpful });
        target.textContent = fill(ctx.m.helpful, { n: result.helpful_count });
        target.setAttribute('aria-pressed', 'true');
        target.setAttribute('disabled', '');
      });
    }
    if (!s) return;
    event.preventDefault();
    if (d.page !== undefined) report(ctx, 'PAGINATION', { page: Number(d.page) });
    else report(ctx, 'FILTER_REVIEW', d.star !== undefined ? { star: s.star === Number(d.star) ? 0 : Number(d.star) } : { media: !s.media });
    if (d.page !== undefined)
      return act(() =>
        loadList(ctx, Number(d.page))
          .then(() => root.querySelector<HTMLElement>('.ls .rv, .em')?.setAttribute('tabindex', '-1'))
          .then(() => root.querySelector<HTMLElement>('[tabindex="-1"]')?.focus()),
      );
    if (d.star !== undefined) s.star = s.star === Number(d.star) ? 0 : Number(d.star);
    if (d.media !== undefined) s.media = !s.media;
    act(() => loadList(ctx).then(() => root.querySelector<HTMLElement>(d.media !== undefined ? '[data-media]' : `.hs [data-star="${d.star}"]`)?.focus()));
  });
  root.addEventListener('change', (event) => {
    const qaSort = (event.target as Element).closest<HTMLSelectElement>('[name=qa_sort]');
    if (qaSort && ctx.state?.qa) {
      ctx.state.qa.sort = qaSort.value;
      return act(() =>
        fetchQa(ctx.state!)
          .then(() => renderList(ctx))
          .then(() => root.querySelector<HTMLElement>('[name=qa_sort]')?.focus()),
      );
    }
    const select = (event.target as Element).closest<HTMLSelectElement>('[data-sort]');
    if (!select || !ctx.state) return;
    ctx.state.sort = select.value;
    report(ctx, 'SORT_REVIEW', { sort: select.value });
    act(() => loadList(ctx).then(() => root.querySelector<HTMLElement>('[data-sort]')?.focus()));
  });
  root.addEventListener('submit', (event) => {
    const s = ctx.state;
    const search = (event.target as Element).closest<HTMLFormElement>('[data-qs]');
    if (search && s?.qa) {
      event.preventDefault();
      s.qa.q = String(new FormData(search).get('qa_q') ?? '').trim();
      return act(() =>
        fetchQa(s)
          .then(() => renderList(ctx))
          .then(() => root.querySelector<HTMLElement>('[name=qa_q]')?.focus()),
      );
    }
    const ask = (event.target as Element).closest<HTMLFormElement>('[data-askf]');
    if (ask) {
      event.preventDefault();
      const f = Object.fromEntries(new FormData(ask).entries()) as Record<string, string>;
      const note = ask.querySelector<HTMLElement>('.qms')!;
      api(
        'ask',
        {},
        { product_id: f.product_id || undefined, product_handle: f.product_id ? undefined : s?.productHandle, question: f.question, author: f.asker, author_email: f.asker_email, website: f.website },
      )
        .then(
          () => {
            note.textContent = ctx.m.asked;
            ask.reset();
          },
          () => {
            note.textContent = ctx.m.askFailed;
          },
        )
        .finally(() => {
          note.setAttribute('tabindex', '-1');
          note.focus();
        });
      return;
    }
    const form = (event.target as Element).closest<HTMLFormElement>('[data-form]');
    if (!form) return;
    event.preventDefault();
    const message = form.querySelector<HTMLElement>('.ms')!;
    const button = form.querySelector<HTMLButtonElement>('.sb')!;
    const fields = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    const files = [...(form.querySelector<HTMLInputElement>('[data-photos]')?.files ?? [])].slice(0, 5);
    button.disabled = true;
    (async () => {
      const photos = files.length ? await uploadPhotos(files) : [];
      return api<{ status: 'published' | 'pending' }>(
        'submit',
        {},
        {
          product_id: fields.product_id || undefined,
          rating: Number(fields.rating),
          title: fields.title,
          content: fields.content,
          author: fields.author,
          author_email: fields.author_email,
          consent: fields.consent ? 1 : 0,
          website: fields.website,
          photos,
        },
      );
    })()
      .then((result) => {
        message.textContent = ctx.m[result.status];
        form.reset();
      })
      .catch(() => {
        message.textContent = ctx.m.failed;
      })
      .finally(() => {
        button.disabled = false;
        message.setAttribute('tabindex', '-1');
        message.focus();
      });
  });
}

interface UploadPolicy {
  access_id: string;
  host: string;
  signature: string;
  policy: string;
  dir: string;
  callback: string;
}

/** Photos go straight to Plaudit's media storage with short-lived credentials; the review then names their URLs. */
async function uploadPhotos(files: File[]): Promise<string[]> {
  const policy = await api<UploadPolicy>('upload_policy', {});
  return Promise.all(
    files.map(async (file, i) => {
      const ext = (/^image\/(jpeg|png|webp|gif|avif)$/.exec(file.type)?.[1] ?? 'jpg').replace('jpeg', 'jpg');
      const body = new FormData();
      body.append('key', `${policy.dir}${Date.now().toString(36)}-${i}-${Math.random().toString(36).slice(2, 10)}.${ext}`);
      body.append('policy', policy.policy);
      body.append('OSSAccessKeyId', policy.access_id);
      body.append('Signature', policy.signature);
      body.append('callback', policy.callback);
      body.append('file', file);
      const response = await fetch(policy.host, { method: 'POST', body });
      if (!response.ok) throw new Error(`upload failed: ${response.status}`);
      return ((await response.json()) as { url: string }).url;
    }),
  );
}

function scan(scope: ParentNode, force: boolean) {
  const all = [...scope.querySelectorAll<HTMLElement>('.trustoo-widget[data-widget]')];
  const collection = all.filter((el) => el.dataset.widget === 'collection-rating');
  mountCollection(collection, force).catch(() => collection.forEach((el) => el.setAttribute('data-plaudit-error', '1')));
  for (const el of all) {
    if (el.dataset.widget === 'collection-rating') continue;
    mount(el, force).catch(() => el.setAttribute('data-plaudit-error', '1'));
  }
}

const publicApi = {
  version: VERSION,
  apiDomain,
  /** Renders containers that are new since the last scan (single-page apps call this after navigation). */
  init: (scope: ParentNode = document) => scan(scope, false),
  /** Renders every container again with fresh data. */
  refresh: (scope: ParentNode = document) => scan(scope, true),
};
const w = window as unknown as { Plaudit?: typeof publicApi; TrustooReviews?: typeof publicApi };
w.Plaudit = publicApi;
w.TrustooReviews ??= publicApi;

const start = () => {
  publicApi.init();
  if (script?.dataset.autoObserve === '1') new MutationObserver(() => publicApi.init()).observe(document.body, { childList: true, subtree: true });
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
