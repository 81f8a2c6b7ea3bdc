import type { NewReviewRow } from '../src/reviews/reviews.table.ts';
import type { NewProductRow } from '../src/products/products.table.ts';

/** Deterministic pseudo-random numbers (mulberry32), so two runs seed the same data. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PRODUCT_COUNT = 1000;
const FIRST_PRODUCT_ID = 8_100_000_000_000;
export const productIdAt = (index: number): string => String(FIRST_PRODUCT_ID + index);

const FIRST_NAMES = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Hugo', 'Sofia', 'Yuki', 'Amara', 'Mateo', 'Zoé', 'Jonas', 'Priya', 'Chen', 'Fatima', 'Oskar', 'Léa', 'Ivan'];
const LAST_INITIALS = 'ABCDEFGHIJKLMNOPRSTUVWZ';
const COUNTRIES = ['US', 'US', 'US', 'GB', 'CA', 'AU', 'DE', 'FR', 'NL', 'JP', 'BR', 'IN', ''];
const SOURCES = ['Shop', 'Shop', 'Shop', 'Store front', 'Email request', 'CSV uploaded', 'AliExpress', 'Amazon', 'QR Code'];
const ITEM_TYPES = ['', '', 'Size: M', 'Size: L', 'Color: Blue', 'Color: Black / Size: S'];
const WORDS = (
  'great quality fits perfectly fast shipping love it would buy again the color is exactly as pictured ' +
  'fabric feels soft a bit small runs large comfortable sturdy packaging arrived on time my daughter ' +
  'loves this gift for a friend not what I expected broke after a week customer service helped quickly ' +
  'excellent value for money highly recommend stitching stylish durable lightweight'
).split(' ');
const TITLES = ['Love it', 'Great product', 'As described', 'Pretty good', 'Not bad', 'Disappointed', 'Perfect gift', 'Five stars', 'Okay', ''];
const RATING_WEIGHTS = [0.07, 0.05, 0.08, 0.2, 0.6]; // 1..5 stars, skewed positive
const START_MS = Date.UTC(2024, 0, 1);
const SPAN_MS = 2 * 365 * 24 * 3600 * 1000;

export function productRows(shopId: number, now: number): NewProductRow[] {
  return Array.from({ length: PRODUCT_COUNT }, (_, i) => ({
    shop_id: shopId,
    product_id: productIdAt(i),
    handle: `bench-product-${i}`,
    title: `Bench product ${i}`,
    url: `https://bench.example/products/bench-product-${i}`,
    image_url: `https://cdn.bench.example/products/${i}.jpg`,
    created_at: now,
    updated_at: now,
  }));
}

export interface GeneratorOptions {
  shopId: number;
  now: number;
  seed?: number;
}

/**
 * Realistic review rows: popularity varies by product (a few best sellers, a long tail),
 * 5% store reviews, ratings skewed positive, text from empty to ~1,500 characters,
 * 10% with photos, 3% unpublished, dates over two years.
 */
export function reviewGenerator(options: GeneratorOptions): () => NewReviewRow {
  const random = randomSource(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = (count: number) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  return () => {
    const isStore = random() < 0.05;
    // random()^1.5 concentrates reviews on low indexes: product 0 gets ~1% of them, ~12× the median product.
    const productId = isStore ? '0' : productIdAt(Math.floor(random() ** 1.5 * PRODUCT_COUNT));
    const rating = starsFrom(random());
    const commentedAt = START_MS + Math.floor(random() * SPAN_MS);
    const length = random();
    const content = length < 0.15 ? '' : words(length < 0.8 ? 5 + Math.floor(random() * 30) : 40 + Math.floor(random() * 200));
    const photos = random() < 0.1 ? 1 + Math.floor(random() * 3) : 0;
    const media = Array.from({ length: photos }, (_, i) => ({
      url: `https://cdn.bench.example/reviews/${Math.floor(random() * 1e9)}-${i}.jpg`,
      thumbnail_url: '',
      type: 1,
      is_published: 1,
    }));
    const replied = random() < 0.05;
    return {
      shop_id: options.shopId,
      product_id: productId,
      order_id: random() < 0.6 ? String(5_000_000 + Math.floor(random() * 1e6)) : '',
      rating,
      author: `${pick(FIRST_NAMES)} ${pick(LAST_INITIALS.split(''))}.`,
      author_email: '',
      author_phone: '',
      author_country: pick(COUNTRIES),
      title: pick(TITLES),
      content,
      commented_at: commentedAt,
      item_type: isStore ? '' : pick(ITEM_TYPES),
      source: pick(SOURCES),
      tag: '',
      is_verified: random() < 0.7 ? 1 : 0,
      is_featured: random() < 0.02 ? 1 : 0,
      is_published: random() < 0.03 ? 0 : 1,
      is_top: 0,
      media: JSON.stringify(media),
      reply_content: replied ? 'Thank you for your review!' : null,
      reply_at: replied ? commentedAt + 86_400_000 : null,
      created_at: commentedAt,
      updated_at: options.now,
    };
  };
}

function starsFrom(u: number): number {
  let acc = 0;
  for (let i = 0; i < RATING_WEIGHTS.length; i++) {
    acc += RATING_WEIGHTS[i]!;
    if (u < acc) return i + 1;
  }
  return 5;
}
