import { formatWireTime } from '../lib/time.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import type { RatingSummaryRow } from '../ratings/ratings.table.ts';
import type { PublicRating, PublicReview } from './storefront.schemas.ts';
import type { PublicReviewRow } from './storefront.queries.ts';
import { safeUrl } from '../lib/html.ts';

/** Only whitelisted fields, only published media with http(s) URLs. */
export function toPublicReview(row: PublicReviewRow, helpful: number): PublicReview {
  const media = (JSON.parse(row.media) as ReviewMedia[]).filter((m) => m.is_published === 1 && safeUrl(m.url) !== '');
  return {
    id: String(row.id),
    star: row.rating,
    author: row.author,
    title: row.title,
    content: row.content,
    commented_at: formatWireTime(row.commented_at),
    reply_content: row.reply_content ?? '',
    verified_badge: row.is_verified,
    is_incentivized: row.is_incentivized,
    helpful_count: helpful,
    resources: media.map((m) => ({
      resource_type: m.type === 2 ? 2 : 1,
      src: m.url,
      thumb: safeUrl(m.thumbnail_url) || m.url,
      width: 0,
      height: 0,
      average_hue: '',
      video_player_url: '',
    })),
    corresponding_product: {
      product_id: row.product_id,
      product_name: row.product_title ?? '',
      product_handle: row.product_handle ?? '',
      product_image: safeUrl(row.product_image),
      product_url: safeUrl(row.product_url),
    },
  };
}

export function toPublicRating(summary: RatingSummaryRow | undefined): PublicRating {
  const stars = summary ? [summary.star1, summary.star2, summary.star3, summary.star4, summary.star5].map(Number) : [0, 0, 0, 0, 0];
  const total = stars.reduce((a, b) => a + b, 0);
  const rating = total === 0 ? 0 : Math.round((Number(summary!.rating_sum) * 10) / total) / 10;
  return { rating, total_reviews: total, stars };
}
