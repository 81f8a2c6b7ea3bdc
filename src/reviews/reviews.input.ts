import { invalidArgument } from '../http/errors.ts';
import { parseWireTime } from '../lib/time.ts';
import type { NewReviewRow } from './reviews.table.ts';
import type { CreateReviewBody, ReviewMedia } from './reviews.schemas.ts';

const MAX_IMAGES = 10;
const MAX_VIDEOS = 1;
const HTTP_URL = /^https?:\/\/[^\s]+$/i;

/** Turns a validated create_review body into a row, applying the spec's defaults (endpoints.md §D3). */
export function reviewRowFromInput(body: CreateReviewBody, context: { shopId: number; now: number; autoPublish: number; ownMediaBase?: string }): NewReviewRow {
  const commentedAt = body.commented_at === undefined ? context.now : parseTime('commented_at', body.commented_at);
  const reply = body.reply ?? null;
  const replyContent = reply?.content ?? '';
  return {
    shop_id: context.shopId,
    product_id: String(body.product_id ?? 0).replace(/^0+(?=\d)/, ''),
    order_id: String(body.order_id ?? '').trim(),
    rating: body.rating,
    author: requireText('author', body.author),
    author_email: (body.author_email ?? '').trim(),
    author_phone: (body.author_phone ?? '').trim(),
    author_country: (body.author_country ?? '').trim().toUpperCase(),
    title: body.title ?? '',
    content: body.content ?? '',
    commented_at: commentedAt,
    item_type: body.item_type ?? '',
    source: (body.source ?? 'Shop').trim() || 'Shop',
    tag: body.tag ?? '',
    is_verified: body.is_verified ?? 0,
    is_featured: body.is_featured ?? 0,
    is_published: body.is_published ?? context.autoPublish,
    is_top: body.is_top ?? 0,
    is_incentivized: body.is_incentivized ?? 0,
    media: JSON.stringify(normaliseMedia(body.media, context.ownMediaBase)),
    reply_content: replyContent === '' ? null : replyContent,
    reply_at: replyContent === '' ? null : reply?.reply_at ? parseTime('reply.reply_at', reply.reply_at) : context.now,
    created_at: context.now,
    updated_at: context.now,
  };
}

function parseTime(field: string, text: string): number {
  const ms = parseWireTime(text);
  if (ms === null || ms < 0) throw invalidArgument(field, 'must be a real time as "YYYY-MM-DD HH:MM:SS" or RFC 3339');
  return ms;
}

/**
 * Accepts the 2026 array form and the 2025 object form; returns the array form.
 * With `ownMediaBase` (operator option MEDIA_OWN_HOST_ONLY) every URL must be one of Plaudit's own media URLs.
 */
export function normaliseMedia(media: CreateReviewBody['media'], ownMediaBase?: string): ReviewMedia[] {
  if (media === undefined) return [];
  const items: ReviewMedia[] = Array.isArray(media)
    ? media.map((m) => ({
        url: m.url,
        thumbnail_url: m.thumbnail_url ?? '',
        type: Number(m.type ?? 1),
        is_published: m.is_published ?? 1,
      }))
    : [
        ...(media.images ?? []).map((url, i) => ({ url, thumbnail_url: media.thumbnails?.[i] ?? '', type: 1, is_published: 1 })),
        ...(media.video ? [{ url: media.video, thumbnail_url: media.video_thumbnail ?? '', type: 2, is_published: 1 }] : []),
      ].filter((m) => m.url !== '');
  items.forEach((item, i) => {
    if (!HTTP_URL.test(item.url)) throw invalidArgument(`media[${i}].url`, 'must be an http(s) URL');
    if (item.thumbnail_url !== '' && !HTTP_URL.test(item.thumbnail_url)) {
      throw invalidArgument(`media[${i}].thumbnail_url`, 'must be an http(s) URL');
    }
    for (const field of ['url', 'thumbnail_url'] as const) {
      if (ownMediaBase && item[field] !== '' && !item[field].startsWith(`${ownMediaBase}/`)) {
        throw invalidArgument(`media[${i}].${field}`, `must be a media URL of this server (${ownMediaBase}/…)`);
      }
    }
  });
  if (items.filter((m) => m.type === 1).length > MAX_IMAGES) throw invalidArgument('media', `allows at most ${MAX_IMAGES} images`);
  if (items.filter((m) => m.type === 2).length > MAX_VIDEOS) throw invalidArgument('media', `allows at most ${MAX_VIDEOS} video`);
  return items;
}

function requireText(field: string, text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw invalidArgument(field, 'must not be blank');
  return trimmed;
}
