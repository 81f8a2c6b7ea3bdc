import { RowError, countryCode, hashKey, limited, LIMITS, mediaFromUrls, parseDate, parseFlag, parsePublished, parseRating, splitUrls, type ImportedReview, type ProductRef } from './switching.row.ts';

/** The fields a CSV row can carry, whatever the app calls its columns. */
export type Field =
  | 'sourceId'
  | 'rating'
  | 'title'
  | 'content'
  | 'author'
  | 'authorFull'
  | 'email'
  | 'phone'
  | 'country'
  | 'location'
  | 'date'
  | 'status'
  | 'hidden'
  | 'reply'
  | 'replyDate'
  | 'media'
  | 'verified'
  | 'featured'
  | 'productId'
  | 'productHandle'
  | 'productSku'
  | 'productUrl'
  | 'productTitle'
  | 'variant'
  | 'orderId';

export const CSV_FORMATS = ['judgeme', 'shopify', 'yotpo', 'loox', 'okendo'] as const;
export type CsvFormatName = (typeof CSV_FORMATS)[number];
export const FORMATS = [...CSV_FORMATS, 'jsonl', 'plaudit'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface CsvFormat {
  name: CsvFormatName;
  /** Recorded as the reviews' `source`. */
  app: string;
  /** Header names per field, compared after `headerKey` (case, spaces, `_` and `-` ignored). */
  aliases: Partial<Record<Field, string[]>>;
  /** Header sets that identify the format (any one set, every name in it). */
  signatures: string[][];
  requiresBody: boolean;
  /** What an empty state cell means (Judge.me: pending, so not published). */
  emptyStatus: 0 | 1;
}

/** `Review Title`, `review_title` and `reviewTitle` are one header. */
export const headerKey = (name: string): string =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');

const JUDGEME: CsvFormat = {
  name: 'judgeme',
  app: 'Judge.me',
  aliases: {
    sourceId: ['metaobject_handle'],
    rating: ['rating'],
    title: ['title', 'review_title'],
    content: ['body'],
    author: ['reviewer_name'],
    email: ['reviewer_email'],
    date: ['review_date'],
    status: ['curated'],
    hidden: ['hidden'],
    reply: ['reply'],
    replyDate: ['reply_date'],
    media: ['picture_urls'],
    verified: ['verified'],
    featured: ['featured'],
    productId: ['product_id'],
    productHandle: ['product_handle'],
    productUrl: ['product_url'],
    productTitle: ['product_title'],
    location: ['location'],
  },
  signatures: [['body', 'rating', 'reviewdate', 'reviewername']],
  requiresBody: false,
  emptyStatus: 0,
};

const SHOPIFY: CsvFormat = {
  name: 'shopify',
  app: 'Shopify Product Reviews',
  aliases: {
    productHandle: ['product_handle'],
    status: ['state'],
    rating: ['rating'],
    title: ['title'],
    author: ['author'],
    email: ['email'],
    location: ['location'],
    content: ['body'],
    reply: ['reply'],
    date: ['created_at'],
    replyDate: ['replied_at'],
  },
  signatures: [['producthandle', 'state', 'rating', 'body', 'createdat']],
  requiresBody: false,
  emptyStatus: 1,
};

const YOTPO: CsvFormat = {
  name: 'yotpo',
  app: 'Yotpo',
  aliases: {
    sourceId: ['review_id'],
    status: ['published'],
    title: ['review_title'],
    content: ['review_content'],
    rating: ['review_score'],
    date: ['date'],
    productId: ['product_id'],
    author: ['display_name'],
    email: ['email'],
    reply: ['comment_content'],
    productTitle: ['product_title'],
    productUrl: ['product_url'],
    verified: ['verified_purchase'],
    media: ['image_urls', 'images'],
  },
  signatures: [['reviewcontent', 'reviewscore']],
  requiresBody: true,
  emptyStatus: 1,
};

const LOOX: CsvFormat = {
  name: 'loox',
  app: 'Loox',
  aliases: {
    sourceId: ['id'],
    status: ['status'],
    rating: ['rating'],
    email: ['email'],
    author: ['nickname', 'author'],
    authorFull: ['full_name'],
    content: ['review', 'body'],
    date: ['date', 'created_at'],
    productId: ['productId'],
    productHandle: ['handle', 'product_handle'],
    media: ['img', 'photo_url'],
    variant: ['variant'],
    verified: ['verified_purchase'],
    reply: ['reply'],
  },
  signatures: [
    ['rating', 'review', 'date', 'nickname'],
    ['rating', 'review', 'date', 'productid'],
    ['rating', 'photourl', 'body'],
  ],
  requiresBody: false,
  emptyStatus: 1,
};

const OKENDO: CsvFormat = {
  name: 'okendo',
  app: 'Okendo',
  aliases: {
    sourceId: ['review_id'],
    productId: ['product_id'],
    productTitle: ['product_name'],
    rating: ['rating'],
    title: ['title'],
    content: ['body'],
    author: ['name', 'reviewer_name'],
    verified: ['is_verified_buyer'],
    date: ['date_created'],
    status: ['status'],
    productHandle: ['handle'],
    productSku: ['sku'],
    country: ['country_code'],
    email: ['email'],
    media: ['image_urls'],
    reply: ['reply'],
    replyDate: ['reply_date'],
  },
  signatures: [['datecreated', 'rating', 'body']],
  requiresBody: true,
  emptyStatus: 1,
};

export const CSV_FORMAT_SPECS: Record<CsvFormatName, CsvFormat> = { judgeme: JUDGEME, shopify: SHOPIFY, yotpo: YOTPO, loox: LOOX, okendo: OKENDO };

/** Which column index feeds each field, and which columns nothing reads. */
export interface ColumnMap {
  format: CsvFormat;
  index: Partial<Record<Field, number>>;
  ignored: { column: number; name: string }[];
}

export function mapColumns(format: CsvFormat, header: string[]): ColumnMap {
  const keys = header.map(headerKey);
  const index: Partial<Record<Field, number>> = {};
  for (const [field, names] of Object.entries(format.aliases) as [Field, string[]][]) {
    for (const name of names) {
      const at = keys.indexOf(headerKey(name));
      if (at !== -1) {
        index[field] = at;
        break;
      }
    }
  }
  const used = new Set(Object.values(index));
  const ignored = header.map((name, column) => ({ column, name: name.trim() })).filter(({ column, name }) => !used.has(column) && name !== '');
  return { format, index, ignored };
}

/** The format whose signature the header carries (the one reading most columns when several do), or null. */
export function detectCsvFormat(header: string[]): CsvFormat | null {
  const keys = new Set(header.map(headerKey));
  let best: { format: CsvFormat; used: number } | null = null;
  for (const format of Object.values(CSV_FORMAT_SPECS)) {
    if (!format.signatures.some((signature) => signature.every((key) => keys.has(key)))) continue;
    const used = Object.keys(mapColumns(format, header).index).length;
    if (!best || used > best.used) best = { format, used };
  }
  return best?.format ?? null;
}

/** Why a header cannot be read as this format (missing required columns), or null. */
export function headerProblem(map: ColumnMap): string | null {
  const missing: string[] = [];
  const need = (field: Field) => {
    if (map.index[field] === undefined) missing.push((map.format.aliases[field] ?? [field]).join(' or '));
  };
  need('rating');
  need('date');
  if (map.format.requiresBody) need('content');
  return missing.length ? `the ${map.format.app} header has no ${missing.join(', ')} column` : null;
}

const SHOPIFY_GID = /^gid:\/\/shopify\/Product\/(\d+)$/;

/** The product a row names: a numeric (or gid) id, else the id is treated as a SKU; a URL gives its /products/ handle. */
function productOf(get: (field: Field) => string): ProductRef | null {
  const ref: ProductRef = {};
  const id = get('productId').replace(SHOPIFY_GID, '$1');
  if (/^[1-9]\d{0,19}$/.test(id)) ref.id = id;
  else if (id !== '') ref.sku = id;
  const handle = get('productHandle').toLowerCase();
  const url = get('productUrl');
  const fromUrl = /\/products\/([a-z0-9][a-z0-9\-_]*)/i.exec(url)?.[1]?.toLowerCase();
  if (handle || fromUrl) ref.handle = handle || fromUrl;
  if (get('productSku')) ref.sku = get('productSku');
  if (/^https?:\/\//i.test(url)) ref.url = url;
  if (get('productTitle')) ref.title = get('productTitle');
  if (!ref.id && !ref.handle && !ref.sku) return null;
  return ref;
}

/** One CSV record → a validated review; throws RowError with the reason. */
export function reviewFromRecord(map: ColumnMap, fields: string[], line: number, now: number): ImportedReview {
  const { format, index } = map;
  const get = (field: Field): string => {
    const at = index[field];
    return at === undefined ? '' : (fields[at] ?? '').trim();
  };
  const warnings: string[] = [];
  const rating = parseRating(get('rating'));
  const content = limited('body', get('content'), LIMITS.content);
  if (format.requiresBody && content === '') throw new RowError(`body is empty (${format.app} reviews need one)`);
  const commentedAt = parseDate('date', get('date'), now);
  let isPublished = index.status === undefined ? 1 : parsePublished('status', get('status'), format.emptyStatus);
  if (index.hidden !== undefined && parseFlag('hidden', get('hidden')) === 1) isPublished = 0;
  const reply = limited('reply', get('reply'), LIMITS.content);
  const replyDate = get('replyDate');
  const location = get('location');
  const product = productOf(get);
  const review: ImportedReview = {
    line,
    sourceKey: '',
    product,
    rating,
    title: limited('title', get('title'), LIMITS.title),
    content,
    author: limited('reviewer name', get('author') || get('authorFull') || 'Anonymous', LIMITS.author),
    author_email: limited('email', get('email'), LIMITS.email),
    author_phone: get('phone'),
    author_country: countryCode(get('country') || location),
    order_id: get('orderId'),
    item_type: limited('variant', get('variant'), LIMITS.itemType),
    source: format.app,
    tag: '',
    commented_at: commentedAt,
    is_verified: index.verified === undefined ? 0 : parseFlag('verified', get('verified')),
    is_featured: index.featured === undefined ? 0 : parseFlag('featured', get('featured')),
    is_published: isPublished,
    is_top: 0,
    media: mediaFromUrls(splitUrls(get('media')), warnings),
    reply_content: reply === '' ? null : reply,
    reply_at: reply === '' ? null : replyDate ? parseDate('reply date', replyDate, now) : commentedAt,
    warnings,
  };
  const id = get('sourceId');
  review.sourceKey = id ? `${format.name}:${id}` : hashKey(review);
  return review;
}
