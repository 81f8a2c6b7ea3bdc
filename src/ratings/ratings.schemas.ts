import { Type, type Static } from '@sinclair/typebox';
import { Flag } from '../http/schemas.ts';

export const GetRatingQuery = Type.Object({
  product_id: Type.Optional(Type.String({ maxLength: 40, description: 'store product id' })),
  product_handle: Type.Optional(Type.String({ maxLength: 255, description: 'product handle, used when product_id is absent' })),
  is_store_rating: Type.Optional(Flag('1: the store (non-product) reviews')),
  is_all_products_rating: Type.Optional(Flag('1: every product review of the shop')),
  is_all_rating: Type.Optional(Flag('1: every review of the shop (store and products)')),
});
export type GetRatingQuery = Static<typeof GetRatingQuery>;

export const Rating = Type.Object(
  {
    rating_value: Type.String({ description: 'average stars rounded to one decimal, trailing ".0" dropped ("0", "4.8", "5")' }),
    review_count: Type.Integer({ description: 'published reviews counted' }),
    star1_count: Type.Integer(),
    star2_count: Type.Integer(),
    star3_count: Type.Integer(),
    star4_count: Type.Integer(),
    star5_count: Type.Integer(),
  },
  { description: 'Rating summary of published reviews' },
);
export type Rating = Static<typeof Rating>;
