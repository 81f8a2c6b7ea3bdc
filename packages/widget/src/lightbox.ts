import { esc, url } from './html.ts';
import { fill, type Messages } from './i18n.ts';
import type { Media } from './types.ts';

/**
 * A modal media viewer inside the widget's shadow root: focus moves to it, Tab stays in it,
 * Escape closes it and focus returns to the thumbnail that opened it.
 */
export function openLightbox(root: ShadowRoot, media: Media[], start: number, opener: HTMLElement, m: Messages): void {
  let index = start;
  const box = document.createElement('div');
  box.className = 'lb';
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-modal', 'true');
  const paint = () => {
    const item = media[index]!;
    const label = esc(fill(m.photo, { n: index + 1, t: media.length }));
    box.setAttribute('aria-label', fill(m.photo, { n: index + 1, t: media.length }));
    const view = item.resource_type === 2 ? `<video src="${url(item.src)}" controls playsinline></video>` : `<img src="${url(item.src)}" alt="${label}">`;
    const nav =
      media.length > 1 ? `<button type="button" class="lp" data-go="-1" aria-label="${esc(m.prev)}">‹</button><button type="button" class="ln" data-go="1" aria-label="${esc(m.next)}">›</button>` : '';
    box.innerHTML = `${view}<button type="button" class="lx" data-close aria-label="${esc(m.close)}">✕</button>${nav}<p class="lc">${label}</p>`;
    (box.querySelector('[data-close]') as HTMLElement).focus();
  };
  const go = (step: number) => {
    index = (index + step + media.length) % media.length;
    paint();
  };
  const close = () => {
    box.remove();
    opener.focus();
    document.dispatchEvent(new CustomEvent('onTrustooDetailClose'));
  };
  box.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    if (target === box || target.closest('[data-close]')) close();
    const step = target.closest('[data-go]')?.getAttribute('data-go');
    if (step) go(Number(step));
  });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowRight') go(1);
    else if (event.key === 'ArrowLeft') go(-1);
    else if (event.key === 'Tab') {
      const buttons = [...box.querySelectorAll<HTMLElement>('button, video')];
      const at = buttons.indexOf(root.activeElement as HTMLElement);
      event.preventDefault();
      buttons[(at + (event.shiftKey ? -1 : 1) + buttons.length) % buttons.length]!.focus();
    }
  });
  root.appendChild(box);
  paint();
  document.dispatchEvent(new CustomEvent('onTTDetailEmbed', { detail: { v: { close } } }));
}
