/** A shop's widget appearance (migration 1700); a shop without a row has the defaults. */
export interface WidgetAppearanceTable {
  shop_id: number;
  /** #rgb or #rrggbb. */
  star_color: string;
  /** #rgb or #rrggbb; null = the theme's own accent. */
  accent_color: string | null;
  theme: 'auto' | 'light' | 'dark';
  density: 'comfortable' | 'compact';
  /** JSON object: block name → shown. */
  blocks: string;
  /** JSON object: language → text key → wording. */
  texts: string;
  updated_at: number;
}
