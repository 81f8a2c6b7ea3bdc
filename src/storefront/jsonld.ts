import { scriptJson } from '../../packages/widget/src/html.ts';
import type { PublicRating, PublicReview } from './storefront.schemas.ts';

export interface JsonLdProduct {
  product_id: string;
  title: string;
  url: string;
  image_url: string;
  /** Product identifiers when known ('' = unknown). */
  gtin?: string;
  mpn?: string;
  sku?: string;
  brand?: string;
  /** Who gave the rewards of incentivized reviews (the shop's name). */
  seller?: string;
}

/**
 * schema.org Product with aggregateRating and the shown reviews, following Google's review-snippet
 * rules: a named product, ratings on a 1-5 scale, each review with an author and a rating,
 * aggregateRating only when there is at least one review.
 */
export function productJsonLd(product: JsonLdProduct, rating: PublicRating, reviews: PublicReview[]): Record<string, unknown> {
  const doc: Record<string, unknown> = { '@context': 'https://schema.org', '@type': 'Product', name: product.title, sku: product.sku || product.product_id };
  if (product.gtin) doc.gtin = product.gtin;
  if (product.mpn) doc.mpn = product.mpn;
  if (product.brand) doc.brand = { '@type': 'Brand', name: product.brand };
  if (product.url) doc.url = product.url;
  if (product.image_url) doc.image = product.image_url;
  if (rating.total_reviews > 0) {
    doc.aggregateRating = { '@type': 'AggregateRating', ratingValue: rating.rating, reviewCount: rating.total_reviews, bestRating: 5, worstRating: 1 };
  }
  if (reviews.length > 0) {
    doc.review = reviews.map((review) => ({
      '@type': 'Review',
      author: { '@type': 'Person', name: review.author.slice(0, 100) },
      datePublished: review.commented_at.slice(0, 10),
      ...(review.title ? { name: review.title } : {}),
      reviewBody: review.content,
      reviewRating: { '@type': 'Rating', ratingValue: review.star, bestRating: 5, worstRating: 1 },
      // schema.org has no incentive flag: a rewarded review names the shop that rewarded it as its sponsor.
      ...(review.is_incentivized === 1 ? { sponsor: { '@type': 'Organization', name: product.seller || 'the seller' } } : {}),
    }));
  }
  return doc;
}

export const jsonLdScript = (doc: Record<string, unknown>): string => `<script type="application/ld+json">${scriptJson(doc)}</script>`;
