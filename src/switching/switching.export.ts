import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/database.ts';
import { keyOfMediaUrl } from '../media/media.keys.ts';
import type { MediaStorage } from '../media/media.storage.ts';
import { toReview } from '../reviews/reviews.mapping.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import { formatWireTime } from '../lib/time.ts';
import { csvLine } from './switching.csv.ts';
import { PLAUDIT_EXPORT_HEADER } from './switching.json.ts';
import { exportPage, type ExportRow } from './switching.queries.ts';
import { exportQuestions } from '../questions/questions.transfer.ts';

export const EXPORT_FORMATS = ['plaudit', 'judgeme', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Judge.me's import header (what its importer takes). */
export const JUDGEME_HEADER = [
  'title',
  'body',
  'rating',
  'review_date',
  'source',
  'curated',
  'reviewer_name',
  'reviewer_email',
  'product_id',
  'product_handle',
  'reply',
  'reply_date',
  'picture_urls',
  'ip_address',
  'location',
];

const CSV_HEADER = [
  'id',
  'product_id',
  'product_handle',
  'product_title',
  'rating',
  'title',
  'content',
  'author',
  'author_email',
  'author_phone',
  'author_country',
  'commented_at',
  'source',
  'is_published',
  'is_verified',
  'is_featured',
  'is_top',
  'item_type',
  'tag',
  'order_id',
  'reply',
  'reply_at',
  'media_urls',
  'source_key',
  'created_at',
  'updated_at',
];

const PAGE = 1_000;

export interface ExportOptions {
  format: ExportFormat;
  /** The shop's domain: native reviews get the source key `plaudit:<domain>:<id>`, so a re-import into any shop is idempotent. */
  domain: string;
  /** Copy the media files of this server (not other hosts' URLs) into this folder, by their keys. */
  mediaDir?: string;
  media?: { storage: MediaStorage; publicUrl: string };
}

export interface ExportSummary {
  reviews: number;
  /** Questions (with their answers) after the reviews; plaudit format only. */
  questions: number;
  mediaCopied: number;
  /** Media URLs not on this server's storage (left as links). */
  mediaLinked: number;
}

/**
 * Streams every review of the shop, oldest id first (in the plaudit format then every question), to `write` (which may wait for the output
 * to drain); memory stays flat however many reviews there are.
 */
export async function exportReviews(db: Db, shopId: number, options: ExportOptions, write: (text: string) => Promise<void> | void): Promise<ExportSummary> {
  const summary: ExportSummary = { reviews: 0, questions: 0, mediaCopied: 0, mediaLinked: 0 };
  if (options.format === 'plaudit') await write(JSON.stringify(PLAUDIT_EXPORT_HEADER) + '\n');
  else await write(csvLine(options.format === 'judgeme' ? JUDGEME_HEADER : CSV_HEADER));
  for (let afterId = 0; ;) {
    const rows = await exportPage(db, shopId, afterId, PAGE);
    let chunk = '';
    for (const row of rows) {
      chunk += lineOf(row, options);
      summary.reviews++;
      if (options.mediaDir) await copyMedia(row, options, summary);
    }
    if (chunk) await write(chunk);
    if (rows.length < PAGE) {
      if (options.format === 'plaudit') summary.questions = await exportQuestions(db, shopId, options.domain, write);
      return summary;
    }
    afterId = Number(rows[rows.length - 1]!.id);
  }
}

const mediaOf = (row: ExportRow): ReviewMedia[] => JSON.parse(row.media) as ReviewMedia[];

function lineOf(row: ExportRow, options: ExportOptions): string {
  const media = mediaOf(row);
  if (options.format === 'plaudit') {
    return (
      JSON.stringify({
        ...toReview(row),
        product_url: row.product_url ?? '',
        product_image_url: row.product_image_url ?? '',
        source_key: row.source_key ?? `plaudit:${options.domain}:${row.id}`,
      }) + '\n'
    );
  }
  const reply = row.reply_content;
  const replyAt = reply === null ? '' : formatWireTime(row.reply_at ?? row.updated_at);
  if (options.format === 'judgeme') {
    return csvLine([
      row.title,
      row.content,
      row.rating,
      `${formatWireTime(row.commented_at)} UTC`,
      row.source,
      row.is_published === 1 ? 'ok' : '',
      row.author,
      row.author_email,
      row.product_id === '0' ? '' : row.product_id,
      row.product_handle ?? '',
      reply ?? '',
      replyAt,
      media
        .filter((m) => m.type === 1)
        .map((m) => m.url)
        .join(','),
      '',
      row.author_country,
    ]);
  }
  const review = toReview(row);
  return csvLine(
    [
      review.id,
      review.product_id,
      review.product_handle,
      review.product_title,
      review.rating,
      review.title,
      review.content,
      review.author,
      review.author_email,
      review.author_phone,
      review.author_country,
      review.commented_at,
      review.source,
      review.is_published,
      review.is_verified,
      review.is_featured,
      review.is_top,
      review.item_type,
      review.tag,
      review.order_id,
      reply ?? '',
      replyAt,
      media.map((m) => m.url).join(' '),
      row.source_key ?? '',
      review.created_at,
      review.updated_at,
    ],
    true,
  );
}

async function copyMedia(row: ExportRow, options: ExportOptions, summary: ExportSummary): Promise<void> {
  for (const item of mediaOf(row)) {
    const key = options.media ? keyOfMediaUrl(item.url, options.media.publicUrl) : null;
    const body = key && options.media ? await options.media.storage.read(key) : null;
    if (!key || !body) {
      summary.mediaLinked++;
      continue;
    }
    const target = join(options.mediaDir!, ...key.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await pipeline(body, createWriteStream(target));
    summary.mediaCopied++;
  }
}
