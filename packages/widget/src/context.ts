import { apiDomain, shopParam } from './api.ts';
import { eventReporter, type Extra } from './events.ts';
import type { Messages } from './i18n.ts';
import type { ListState, Review } from './types.ts';

/** One rendered container: its shadow root, texts and styles (the shop's appearance applied), list state and shown reviews. */
export interface Ctx {
  el: HTMLElement;
  root: ShadowRoot;
  m: Messages;
  css: string;
  state?: ListState;
  reviews: Review[];
}
export const contexts = new WeakMap<Element, Ctx>();

const reportEvent = eventReporter(apiDomain, shopParam);
export const report = (ctx: Ctx, type: string, extra?: Extra, reviewId?: string) =>
  reportEvent(type, { productId: ctx.state?.productId || ctx.el.dataset.productId, reviewId, extra: { widget: ctx.el.dataset.widget ?? '', ...extra } });

export const paint = (ctx: Ctx, html: string) => {
  ctx.root.innerHTML = `<style>${ctx.css}</style>${html}`;
  ctx.el.dispatchEvent(new CustomEvent('trustoo:rendered', { bubbles: true, detail: { widget: ctx.el.dataset.widget, element: ctx.el } }));
};
