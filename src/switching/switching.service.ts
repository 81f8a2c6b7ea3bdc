import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { appendLedger, type LedgerActor } from '../admin/ledger.service.ts';
import type { EventSink } from '../events/events.ts';
import type { Clock } from '../lib/clock.ts';
import { addToRatingTotals, applyRatingTotals, type RatingTotals } from '../ratings/ratings.queries.ts';
import { insertReviewRows } from '../reviews/reviews.queries.ts';
import { getReview } from '../reviews/reviews.service.ts';
import type { NewReviewRow } from '../reviews/reviews.table.ts';
import { ProductResolver, type CreatedProduct } from './switching.products.ts';
import { existingSourceKeys, insertSourceKeys, queueMediaDownloads } from './switching.queries.ts';
import { needsDownload } from './switching.media.ts';
import type { ImportedReview } from './switching.row.ts';
import type { ImportSource } from './switching.sources.ts';
import { FirstLineTable } from './first-lines.ts';

export interface ImportDeps {
  db: Db;
  clock: Clock;
  /** Where review/created events go when the import is run with `webhooks`. */
  events: EventSink;
  /** This server's media base URL: other media URLs are queued for download by the worker. Absent: URLs are kept as links. */
  mediaBaseUrl?: string;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Emit review/created for every imported review (off by default: no webhook storm). */
  webhooks?: boolean;
  /** Reviews per transaction. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Who runs the import, for the moderation ledger (default: the command line). */
  actor?: LedgerActor;
}

const COMMAND_LINE: LedgerActor = { merchantId: null, email: 'command line' };

export interface ImportProgress {
  id: string;
  phase: 'checking' | 'writing' | 'done' | 'failed';
  /** Rows read in the current phase. */
  rows: number;
  /** Rows in the input (known once the checking pass is over). */
  total: number | null;
  created: number;
  skipped: number;
  rejected: number;
  rowsPerSecond: number;
  /** Seconds left in the writing phase, when it can be told. */
  etaSeconds: number | null;
  error?: string;
}

export interface LineNote {
  line: number;
  reason: string;
}

export interface ImportReport {
  id: string;
  format: string;
  app: string;
  dryRun: boolean;
  rows: number;
  /** Reviews written (dry run: that would be written). */
  created: number;
  skippedCount: number;
  rejectedCount: number;
  warningCount: number;
  /** The first LIST_LIMIT of each list; the counts are exact. */
  skipped: LineNote[];
  rejected: LineNote[];
  warnings: LineNote[];
  ignoredColumns: { name: string; values: number }[];
  productsCreatedCount: number;
  productsCreated: CreatedProduct[];
  uncataloguedProductIds: string[];
  /** Imported review ids with media URLs (for the media download task). */
  mediaReviews: number;
  seconds: number;
}

const LIST_LIMIT = 1_000;
const DEFAULT_BATCH = 2_000;
/** Hash of a source key to a number (< 2^53): the compact key of duplicate detection within one input. */
const keyNumber = (key: string): number => {
  let h1 = 0x811c9dc5;
  let h2 = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
};

/** Imports currently running in this process, by id, so the console can read their progress. */
const running = new Map<string, ImportProgress>();
export const importProgress = (id: string): ImportProgress | undefined => running.get(id);

/**
 * Imports every good row of a source into one shop. A checking pass reads every row first
 * (rejecting bad ones with their reasons and duplicates of earlier rows); the writing pass
 * then writes the rest in transactions of `batchSize` reviews, each transaction saving the
 * reviews, their source keys, any products created, and the rating totals together. Rows whose
 * source key the shop already has are skipped, so running an import again adds nothing.
 */
export async function importReviews(deps: ImportDeps, shopId: number, source: ImportSource, options: ImportOptions = {}): Promise<ImportReport> {
  const id = randomUUID();
  const started = deps.clock.now();
  const dryRun = options.dryRun === true;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const progress: ImportProgress = { id, phase: 'checking', rows: 0, total: null, created: 0, skipped: 0, rejected: 0, rowsPerSecond: 0, etaSeconds: null };
  const report: ImportReport = {
    id,
    format: source.format,
    app: source.app,
    dryRun,
    rows: 0,
    created: 0,
    skippedCount: 0,
    rejectedCount: 0,
    warningCount: 0,
    skipped: [],
    rejected: [],
    warnings: [],
    ignoredColumns: [],
    productsCreatedCount: 0,
    productsCreated: [],
    uncataloguedProductIds: [],
    mediaReviews: 0,
    seconds: 0,
  };
  const note = (list: 'skipped' | 'rejected' | 'warnings', line: number, reason: string) => {
    if (report[list].length < LIST_LIMIT) report[list].push({ line, reason });
  };
  let phaseStarted = started;
  let lastReport = 0;
  const tick = (force = false) => {
    const now = deps.clock.now();
    const seconds = Math.max((now - phaseStarted) / 1000, 0.001);
    progress.rowsPerSecond = Math.round(progress.rows / seconds);
    progress.etaSeconds = progress.phase === 'writing' && progress.total !== null && progress.rowsPerSecond > 0 ? Math.ceil((progress.total - progress.rows) / progress.rowsPerSecond) : null;
    if (force || now - lastReport >= 200) {
      lastReport = now;
      options.onProgress?.({ ...progress });
    }
  };
  running.set(id, progress);
  try {
    // Checking pass: every row is read and validated before anything is written.
    let firstLineOfKey: FirstLineTable | null = new FirstLineTable();
    const excluded = new Set<number>();
    for await (const row of source.rows()) {
      progress.rows++;
      if (row.error !== undefined) {
        excluded.add(row.line);
        report.rejectedCount++;
        note('rejected', row.line, row.error);
      } else {
        const key = keyNumber(row.review.sourceKey);
        const first = firstLineOfKey.firstOrRecord(key, row.line);
        if (first !== undefined) {
          excluded.add(row.line);
          report.skippedCount++;
          note('skipped', row.line, `duplicate of line ${first}`);
        }
        for (const warning of row.review.warnings) {
          report.warningCount++;
          note('warnings', row.line, warning);
        }
      }
      progress.rejected = report.rejectedCount;
      progress.skipped = report.skippedCount;
      if (progress.rows % 1000 === 0) tick();
    }
    firstLineOfKey = null;
    report.rows = progress.rows;
    report.ignoredColumns = source.ignoredColumns.map((c) => ({ ...c }));
    progress.total = progress.rows;

    // Writing pass (a dry run reads the database but writes nothing).
    progress.phase = 'writing';
    progress.rows = 0;
    phaseStarted = deps.clock.now();
    tick(true);
    const products = new ProductResolver(shopId);
    let batch: ImportedReview[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      const outcome = dryRun
        ? await checkBatch(deps.db, shopId, rows, products, deps.clock.now())
        : await deps.db.transaction().execute((trx) => writeBatch({ ...deps, db: trx }, shopId, rows, products, options.webhooks === true));
      report.created += outcome.created.length;
      report.mediaReviews += outcome.created.filter((r) => r.media.length > 0).length;
      for (const review of outcome.alreadyImported) {
        report.skippedCount++;
        note('skipped', review.line, 'already imported');
      }
      progress.created = report.created;
      progress.skipped = report.skippedCount;
    };
    for await (const row of source.rows()) {
      progress.rows++;
      if (excluded.has(row.line)) continue;
      if (row.error !== undefined) {
        // The input changed between the passes (a live API): still never written.
        report.rejectedCount++;
        note('rejected', row.line, row.error);
        continue;
      }
      batch.push(row.review);
      if (batch.length >= batchSize) {
        await flush();
        tick();
      }
    }
    await flush();
    report.productsCreatedCount = products.created.length;
    report.productsCreated = products.created.slice(0, LIST_LIMIT);
    report.uncataloguedProductIds = [...products.uncataloguedIds].slice(0, LIST_LIMIT);
    progress.phase = 'done';
    report.seconds = Math.round((deps.clock.now() - started) / 100) / 10;
    // A run that changed nothing (everything already imported) leaves the shop, ledger included, as it was.
    if (!dryRun && report.created + report.productsCreatedCount > 0) await recordInLedger(deps, shopId, report, options.actor ?? COMMAND_LINE);
    tick(true);
    return report;
  } catch (error) {
    progress.phase = 'failed';
    progress.error = error instanceof Error ? error.message : String(error);
    // Batches already committed stay: the ledger says so, with the error.
    if (!dryRun && report.created > 0) await recordInLedger(deps, shopId, report, options.actor ?? COMMAND_LINE, progress.error).catch(() => undefined);
    tick(true);
    throw error;
  } finally {
    running.delete(id);
  }
}

interface BatchOutcome {
  created: ImportedReview[];
  alreadyImported: ImportedReview[];
}

async function splitImported(db: Db, shopId: number, rows: ImportedReview[]): Promise<BatchOutcome> {
  const existing = await existingSourceKeys(
    db,
    shopId,
    rows.map((r) => r.sourceKey),
  );
  return { created: rows.filter((r) => !existing.has(r.sourceKey)), alreadyImported: rows.filter((r) => existing.has(r.sourceKey)) };
}

async function checkBatch(db: Db, shopId: number, rows: ImportedReview[], products: ProductResolver, now: number): Promise<BatchOutcome> {
  const outcome = await splitImported(db, shopId, rows);
  await products.resolve(
    db,
    outcome.created.map((r) => ({ ref: r.product, line: r.line })),
    now,
    false,
  );
  return outcome;
}

/** One transaction: new reviews, their source keys, products they name, rating totals, and (with webhooks) review/created events. */
async function writeBatch(deps: ImportDeps, shopId: number, rows: ImportedReview[], products: ProductResolver, webhooks: boolean): Promise<BatchOutcome> {
  const now = deps.clock.now();
  const outcome = await splitImported(deps.db, shopId, rows);
  const fresh = outcome.created;
  if (fresh.length === 0) return outcome;
  const productIds = await products.resolve(
    deps.db,
    fresh.map((r) => ({ ref: r.product, line: r.line })),
    now,
    true,
  );
  const newRows: NewReviewRow[] = fresh.map((r, i) => ({
    shop_id: shopId,
    product_id: productIds[i]!,
    order_id: r.order_id,
    rating: r.rating,
    author: r.author,
    author_email: r.author_email,
    author_phone: r.author_phone,
    author_country: r.author_country,
    title: r.title,
    content: r.content,
    commented_at: r.commented_at,
    item_type: r.item_type,
    source: r.source,
    tag: r.tag,
    is_verified: r.is_verified,
    is_featured: r.is_featured,
    is_published: r.is_published,
    is_top: r.is_top,
    media: JSON.stringify(r.media),
    reply_content: r.reply_content,
    reply_at: r.reply_at,
    created_at: r.created_at ?? now,
    updated_at: r.updated_at ?? r.created_at ?? now,
  }));
  const ids = await insertReviewRows(deps.db, newRows);
  await insertSourceKeys(
    deps.db,
    fresh.map((r, i) => ({ shop_id: shopId, source_key: r.sourceKey, review_id: ids[i]!, created_at: now })),
  );
  const base = deps.mediaBaseUrl;
  if (base !== undefined) {
    await queueMediaDownloads(
      deps.db,
      fresh.flatMap((r, i) =>
        r.media.filter((m) => needsDownload(m.url, base)).map((m) => ({ shop_id: shopId, review_id: ids[i]!, source_url: m.url, run_at: now, created_at: now, updated_at: now })),
      ),
    );
  }
  if (webhooks) {
    for (const id of ids) await deps.events.emit(deps.db, { shopId, type: 'review.created', data: await getReview({ db: deps.db }, shopId, id), occurredAt: now });
  }
  const totals = new Map<string, RatingTotals>();
  newRows.forEach((row) => addToRatingTotals(totals, row.product_id, row.rating, row.is_published as 0 | 1));
  // Last statement: the shop-wide summary rows serialise concurrent writers until commit.
  await applyRatingTotals(deps.db, shopId, totals, now);
  return outcome;
}

/** One moderation-ledger entry per import run (not per review): what came in, from where, and how it ended. */
const recordInLedger = (deps: ImportDeps, shopId: number, report: ImportReport, actor: LedgerActor, error?: string) =>
  deps.db.transaction().execute((trx) =>
    appendLedger(trx, deps.clock, {
      shopId,
      actor,
      action: 'reviews.import',
      subject: `import:${report.id}`,
      before: null,
      after: {
        format: report.format,
        app: report.app,
        created: report.created,
        skipped: report.skippedCount,
        rejected: report.rejectedCount,
        products_created: report.productsCreatedCount,
        ...(error ? { error } : {}),
      },
    }),
  );
