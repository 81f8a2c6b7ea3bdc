import type { Messages } from './i18n.ts';

/**
 * A shop's widget appearance (stored per shop, edited in the console's Storefront page): shared by
 * the widget, the server-rendered fragments and hosted pages, and the Admin API. Snippet attributes
 * (data-theme, data-density, data-show-form, data-questions) and the page's own CSS custom
 * properties on `.trustoo-widget` win over it.
 */

/** Parts of the list widgets a shop can hide or show. */
export const BLOCKS = ['summary', 'histogram', 'filters', 'photos', 'write_button', 'questions'] as const;
export type Block = (typeof BLOCKS)[number];

/** Texts a shop can word its own way, per language. */
export const TEXT_KEYS = [
  'write',
  'none',
  'reviewsOf',
  'storeReviews',
  'reviews',
  'review1',
  'withPhotos',
  'verified',
  'incentivized',
  'reply',
  'helpful',
  'submit',
  'consent',
  'published',
  'pending',
  'failed',
  'ask',
  'sendQuestion',
  'asked',
  'noQuestions',
] as const satisfies readonly (keyof Messages)[];
export type TextKey = (typeof TEXT_KEYS)[number];

export interface Appearance {
  star_color: string;
  /** null: the theme's own (near-black on light, near-white on dark). */
  accent_color: string | null;
  theme: 'auto' | 'light' | 'dark';
  density: 'comfortable' | 'compact';
  blocks: Record<Block, boolean>;
  texts: Record<string, Partial<Record<TextKey, string>>>;
}

/** Today's look: what a shop that never changed anything gets. */
export const DEFAULT_APPEARANCE: Appearance = {
  star_color: '#f5a623',
  accent_color: null,
  theme: 'auto',
  density: 'comfortable',
  blocks: { summary: true, histogram: true, filters: true, photos: true, write_button: false, questions: false },
  texts: {},
};

export const COLOR = /^#([0-9a-f]{3}){1,2}$/i;

/** Black or white, whichever reads better on the colour (WCAG contrast; either is at least 4.58:1). */
export function textOn(color: string): string {
  const hex = color.length === 4 ? color.replace(/[0-9a-f]/gi, '$&$&') : color;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#fff' : '#000';
}

const COMPACT = ':host{font-size:13px}.sm{padding-block:4px 8px;gap:8px 20px}.tb{padding-block:6px}.rv,.qi{padding-block:8px}.av b{font-size:1.8em}.tr .rv{padding:8px}.fm{padding:10px;gap:6px}';

/**
 * Shadow-root CSS for a shop's colours and density, placed after the widget's own. `:host` rules
 * lose to the page's rules on the container, so a theme's `.trustoo-widget{--plaudit-star:…}` still wins.
 */
export function lookCss(look: Pick<Appearance, 'star_color' | 'accent_color'>, compact: boolean): string {
  let vars = '';
  if (COLOR.test(look.star_color) && look.star_color.toLowerCase() !== DEFAULT_APPEARANCE.star_color) vars += `--plaudit-star:${look.star_color};`;
  if (look.accent_color && COLOR.test(look.accent_color)) vars += `--plaudit-accent:${look.accent_color};--plaudit-accent-text:${textOn(look.accent_color)};`;
  return (vars ? `:host,:host([data-theme]){${vars}}` : '') + (compact ? COMPACT : '');
}

/** The blocks a list hides (kept in its state, so a hydrated widget renders the same). */
export const hiddenBlocks = (blocks: Record<Block, boolean>): Block[] => BLOCKS.filter((b) => b !== 'write_button' && b !== 'questions' && !blocks[b]);
