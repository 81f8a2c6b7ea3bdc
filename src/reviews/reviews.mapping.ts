import { idString } from '../lib/ids.ts';
import { formatRfc3339, formatWireTime } from '../lib/time.ts';
import type { ReviewWithProduct } from './reviews.queries.ts';
import type { Review, ReviewMedia } from './reviews.schemas.ts';

/** A stored review in the spec's Review shape: every key present, ids as strings. */
export function toReview(row: ReviewWithProduct): Review {
  return {
    id: idString(row.id),
    product_id: row.product_id,
    product_title: row.product_title ?? '',
    product_handle: row.product_handle ?? '',
    order_id: row.order_id,
    rating: row.rating,
    author: row.author,
    author_email: row.author_email,
    author_phone: row.author_phone,
    author_country: row.author_country,
    title: row.title,
    content: row.content,
    commented_at: formatWireTime(row.commented_at),
    item_type: row.item_type,
    source: row.source,
    tag: row.tag,
    is_verified: row.is_verified,
    is_featured: row.is_featured,
    is_published: row.is_published,
    is_top: row.is_top,
    is_incentivized: row.is_incentivized,
    media: JSON.parse(row.media) as ReviewMedia[],
    reply: row.reply_content === null ? null : { content: row.reply_content, reply_at: formatWireTime(row.reply_at ?? row.updated_at) },
    created_at: formatRfc3339(row.created_at),
    updated_at: formatRfc3339(row.updated_at),
  };
}
