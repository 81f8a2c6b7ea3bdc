import { Type } from '@sinclair/typebox';
import { BLOCKS, TEXT_KEYS } from '../../packages/widget/src/appearance.ts';
import { messages, widgetLanguages } from '../../packages/widget/src/i18n.ts';

export const TEXT_MAX_LENGTH = 150;

const Color = (description: string) => Type.String({ pattern: '^#([0-9a-fA-F]{3}){1,2}$', maxLength: 7, description: `${description}: #rgb or #rrggbb` });

const BLOCK_DESCRIPTIONS: Record<(typeof BLOCKS)[number], string> = {
  summary: 'the average rating with its stars and review count',
  histogram: 'the per-star bars (star filters)',
  filters: 'the toolbar: the with-photos filter and the sort order',
  photos: 'photos and videos in reviews (and the with-photos filter)',
  write_button: 'product-reviews: the write-a-review button and form (data-show-form wins)',
  questions: 'product-reviews: the Q&A tab (data-questions wins)',
};

const english = messages('en');
const Texts = Type.Object(Object.fromEntries(TEXT_KEYS.map((key) => [key, Type.Optional(Type.String({ maxLength: TEXT_MAX_LENGTH, description: `instead of "${english[key]}"` }))])), {
  additionalProperties: false,
  description: 'the shop\'s wording of widget texts in one language ("" or absent = the built-in text)',
});

export const AppearanceSchema = Type.Object(
  {
    star_color: Color('stars and rating bars (default #f5a623)'),
    accent_color: Type.Union([Color('buttons, the active filter, tabs and focus rings'), Type.Null()], {
      description: "buttons, the active filter, tabs and focus rings, #rgb or #rrggbb; null = the theme's own (default). Button text is black or white, whichever reads better",
    }),
    theme: Type.Union([Type.Literal('auto'), Type.Literal('light'), Type.Literal('dark')], { description: "auto (the shopper's colour scheme, default), light or dark; data-theme wins" }),
    density: Type.Union([Type.Literal('comfortable'), Type.Literal('compact')], { description: 'comfortable (default) or compact (smaller type, tighter spacing); data-density wins' }),
    blocks: Type.Object(Object.fromEntries(BLOCKS.map((b) => [b, Type.Boolean({ description: BLOCK_DESCRIPTIONS[b] })])), {
      additionalProperties: false,
      description: 'which parts of the review lists show',
    }),
    texts: Type.Object(Object.fromEntries(widgetLanguages().map((lang) => [lang, Type.Optional(Texts)])), {
      additionalProperties: false,
      description: `the shop's wording per language (${widgetLanguages().join(', ')}): plain text, one line, at most ${TEXT_MAX_LENGTH} characters, only the placeholders of the built-in text ({n})`,
    }),
  },
  { additionalProperties: false, description: "a shop's widget appearance, applied by the widget, fragments and hosted pages" },
);

/** PUT body: fields left out keep their value; blocks left out keep theirs; texts replace all languages. */
export const AppearanceChange = Type.Object(
  {
    star_color: Type.Optional(AppearanceSchema.properties.star_color),
    accent_color: Type.Optional(AppearanceSchema.properties.accent_color),
    theme: Type.Optional(AppearanceSchema.properties.theme),
    density: Type.Optional(AppearanceSchema.properties.density),
    blocks: Type.Optional(Type.Partial(AppearanceSchema.properties.blocks, { additionalProperties: false, description: 'blocks to show (true) or hide (false); others keep their value' })),
    texts: Type.Optional(AppearanceSchema.properties.texts),
  },
  { additionalProperties: false },
);
