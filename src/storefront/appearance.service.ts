import { DEFAULT_APPEARANCE, TEXT_KEYS, type Appearance } from '../../packages/widget/src/appearance.ts';
import { messages } from '../../packages/widget/src/i18n.ts';
import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';

/** A change of the appearance (the PUT body, checked by AppearanceChange): fields left out keep their value. */
export type AppearanceChange = Partial<Omit<Appearance, 'blocks'>> & { blocks?: Partial<Appearance['blocks']> };

/** A shop's widget appearance: its row, or today's look. */
export async function widgetAppearance(db: Db, shopId: number): Promise<Appearance> {
  const row = await db.selectFrom('widget_appearance').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) return structuredClone(DEFAULT_APPEARANCE);
  return {
    star_color: row.star_color,
    accent_color: row.accent_color,
    theme: row.theme,
    density: row.density,
    // A block added later shows its default until the shop changes it.
    blocks: { ...DEFAULT_APPEARANCE.blocks, ...(JSON.parse(row.blocks) as Partial<Appearance['blocks']>) },
    texts: JSON.parse(row.texts) as Appearance['texts'],
  };
}

const english = messages('en');
const placeholders = (text: string) => [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);

/** Plain text only: one line, no markup, only the placeholders of the built-in text; "" drops the key, an empty language goes. */
export function checkTexts(texts: Appearance['texts']): Appearance['texts'] {
  const clean: Appearance['texts'] = {};
  for (const [lang, own] of Object.entries(texts)) {
    const kept: Record<string, string> = {};
    for (const [key, raw] of Object.entries(own ?? {})) {
      const field = `texts.${lang}.${key}`;
      if (!(TEXT_KEYS as readonly string[]).includes(key) || typeof raw !== 'string') throw invalidArgument(field, 'is not a widget text');
      const value = raw.trim();
      if (/[\r\n\u2028\u2029]/.test(value)) throw invalidArgument(field, 'must be one line');
      if (/<\/?[a-z!][^>]*>/i.test(value)) throw invalidArgument(field, 'must be plain text, not HTML');
      const allowed = placeholders(english[key as keyof typeof english]);
      const unknown = placeholders(value).find((name) => !allowed.includes(name));
      if (unknown !== undefined)
        throw invalidArgument(field, `has an unknown placeholder {${unknown}}${allowed.length ? `; use ${allowed.map((p) => `{${p}}`).join(', ')}` : ' (this text has none)'}`);
      if (value) kept[key] = value;
    }
    if (Object.keys(kept).length) clean[lang] = kept;
  }
  return clean;
}

/** Applies a change (fields left out keep their value) and returns the appearance now stored. */
export async function setWidgetAppearance(deps: { db: Db; clock: Clock }, shopId: number, change: AppearanceChange): Promise<Appearance> {
  const current = await widgetAppearance(deps.db, shopId);
  const next: Appearance = {
    star_color: (change.star_color ?? current.star_color).toLowerCase(),
    accent_color: change.accent_color === undefined ? current.accent_color : (change.accent_color?.toLowerCase() ?? null),
    theme: change.theme ?? current.theme,
    density: change.density ?? current.density,
    blocks: { ...current.blocks, ...change.blocks },
    texts: change.texts === undefined ? current.texts : checkTexts(change.texts),
  };
  const values = { ...next, blocks: JSON.stringify(next.blocks), texts: JSON.stringify(next.texts), updated_at: deps.clock.now() };
  await deps.db
    .insertInto('widget_appearance')
    .values({ shop_id: shopId, ...values })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(values))
    .execute();
  return next;
}
