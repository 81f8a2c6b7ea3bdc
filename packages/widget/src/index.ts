import { apiDomain, script } from './api.ts';
import { forgetLook } from './look.ts';
import { mount, mountCollection } from './mount.ts';

/** The storefront widget: one script tag, declarative containers, shadow-root rendering, quiet failure. */
const VERSION = '1.0.0';

function scan(scope: ParentNode, force: boolean) {
  if (force) forgetLook();
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
