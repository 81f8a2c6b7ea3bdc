import { api } from './api.ts';
import { DEFAULT_APPEARANCE, lookCss, type Appearance } from './appearance.ts';
import type { Ctx } from './context.ts';
import { messages } from './i18n.ts';
import { CSS } from './styles.ts';

let stored: Promise<Appearance> | undefined;
let revalidate = false;

/** refresh(): the next container asks the server again (ETag) for the shop's appearance. */
export const forgetLook = () => {
  stored = undefined;
  revalidate = true;
};

/**
 * The shop's stored appearance (one cacheable request per page; today's look when it fails), under
 * the container's own data-appearance JSON (the console's live preview of unsaved values).
 */
export async function lookOf(el: HTMLElement): Promise<Appearance> {
  stored ??= api<Appearance>('get_widget_appearance', {}, undefined, revalidate).catch(() => DEFAULT_APPEARANCE);
  const base = await stored;
  let own: Partial<Appearance> = {};
  try {
    own = JSON.parse(el.dataset.appearance || '{}') as Partial<Appearance>;
  } catch {
    // A broken attribute changes nothing.
  }
  return { ...base, ...own, blocks: { ...base.blocks, ...own.blocks } };
}

/** Texts and styles of a container: the shop's texts in its language, its colours and density (data-density wins). */
export function dress(ctx: Ctx, look: Appearance, lang: string | undefined) {
  ctx.m = messages(lang, look.texts);
  ctx.css = CSS + lookCss(look, (ctx.el.dataset.density || look.density) === 'compact');
}
