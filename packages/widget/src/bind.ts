import { api, uploadPhotos } from './api.ts';
import { report, type Ctx } from './context.ts';
import { fill } from './i18n.ts';
import { openLightbox } from './lightbox.ts';
import { fetchQa, loadList, renderList } from './list.ts';

/** A container's interactions (delegated from its shadow root): filters, pages, tabs, votes, the lightbox and the forms. */
export function bind(ctx: Ctx) {
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
