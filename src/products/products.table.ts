import type { Generated, Insertable, Selectable } from 'kysely';

export interface ProductsTable {
  id: Generated<number>;
  shop_id: number;
  /** The store's own product id (Shopify id as decimal string). */
  product_id: string;
  handle: string;
  title: string;
  url: string;
  image_url: string;
  /** Digits of a GTIN-8/12/13/14 with a valid check digit, or ''. */
  gtin: Generated<string>;
  mpn: Generated<string>;
  sku: Generated<string>;
  brand: Generated<string>;
  created_at: number;
  updated_at: number;
}

export type ProductRow = Selectable<ProductsTable>;
export type NewProductRow = Insertable<ProductsTable>;
