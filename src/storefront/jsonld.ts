import { scriptJson } from '../../packages/widget/src/html.ts';
import type { PublicAnswer, PublicQuestion } from '../questions/questions.schemas.ts';
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
export function productJsonLd(product: JsonLdProduct, rating: PublicRating, reviews: PublicReview[], questions: PublicQuestion[] = []): Record<string, unknown> {
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
  const answered = questions.filter((q) => q.answers.length > 0);
  if (answered.length > 0) doc.subjectOf = answered.map(questionJsonLd);
  return doc;
}

const answerJsonLd = (answer: PublicAnswer) => ({
  '@type': 'Answer',
  text: answer.content,
  dateCreated: answer.answered_at.slice(0, 10),
  author: answer.by_store ? { '@type': 'Organization', name: answer.author.slice(0, 100) } : { '@type': 'Person', name: answer.author.slice(0, 100) },
  upvoteCount: answer.helpful_count,
});

/**
 * schema.org Question under the Product (subjectOf): answered questions only. The accepted answer is the
 * store's, else the most helpful (the order the API returns them in); the others are suggested answers.
 */
function questionJsonLd(question: PublicQuestion): Record<string, unknown> {
  const [accepted, ...others] = question.answers;
  return {
    '@type': 'Question',
    name: question.content.slice(0, 200),
    text: question.content,
    dateCreated: question.asked_at.slice(0, 10),
    author: { '@type': 'Person', name: question.author.slice(0, 100) },
    answerCount: question.answer_count,
    acceptedAnswer: answerJsonLd(accepted!),
    ...(others.length ? { suggestedAnswer: others.map(answerJsonLd) } : {}),
  };
}

export const jsonLdScript = (doc: Record<string, unknown>): string => `<script type="application/ld+json">${scriptJson(doc)}</script>`;
