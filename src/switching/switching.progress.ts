import type { ImportProgress, ImportReport } from './switching.service.ts';

/**
 * Progress for a person: a redrawn bar with rows/s and ETA on a terminal, otherwise a plain
 * line at most every `plainEveryMs` (logs and CI stay readable).
 */
export function progressPrinter(stream: { isTTY?: boolean; write(text: string): unknown }, plainEveryMs = 5_000, now = Date.now) {
  let lastPlain = 0;
  return (p: ImportProgress) => {
    const label = p.phase === 'checking' ? 'checking' : p.phase === 'writing' ? 'writing' : p.phase;
    const counts = `${p.rows}${p.total === null ? '' : `/${p.total}`} rows, ${p.rowsPerSecond} rows/s${p.etaSeconds === null ? '' : `, ETA ${formatSeconds(p.etaSeconds)}`}`;
    if (stream.isTTY) {
      const width = 24;
      const filled = p.total ? Math.min(width, Math.round((p.rows / p.total) * width)) : 0;
      const bar = p.total === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
      stream.write(`\r\x1b[K${label} ${bar}${counts}${p.phase === 'done' || p.phase === 'failed' ? '\n' : ''}`);
      return;
    }
    if (p.phase === 'done' || p.phase === 'failed' || now() - lastPlain >= plainEveryMs) {
      lastPlain = now();
      if (p.phase !== 'done') stream.write(`${label}: ${counts}, created ${p.created}, skipped ${p.skipped}, rejected ${p.rejected}\n`);
    }
  };
}

const formatSeconds = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`);

/** The end-of-run summary as readable lines. */
export function summaryText(report: ImportReport): string {
  const verb = report.dryRun ? 'would create' : 'created';
  const lines = [
    `${report.dryRun ? 'DRY RUN (nothing written) — ' : ''}format: ${report.app} (${report.format})`,
    `rows: ${report.rows}`,
    `${verb}: ${report.created}`,
    `skipped: ${report.skippedCount}`,
    ...report.skipped.map((n) => `  line ${n.line}: ${n.reason}`),
    `rejected: ${report.rejectedCount}`,
    ...report.rejected.map((n) => `  line ${n.line}: ${n.reason}`),
  ];
  if (report.warningCount) lines.push(`warnings: ${report.warningCount}`, ...report.warnings.map((n) => `  line ${n.line}: ${n.reason}`));
  if (report.ignoredColumns.length) lines.push(`ignored columns: ${report.ignoredColumns.map((c) => `${c.name} (${c.values} values)`).join(', ')}`);
  lines.push(`products ${report.dryRun ? 'to create' : 'created'}: ${report.productsCreatedCount}`);
  lines.push(...report.productsCreated.map((p) => `  ${p.product_id} ${p.handle || '-'} "${p.title}" (first named on line ${p.line})`));
  if (report.uncataloguedProductIds.length) lines.push(`product ids not in the catalogue (kept on the reviews): ${report.uncataloguedProductIds.join(', ')}`);
  if (report.mediaReviews) lines.push(`reviews with media URLs: ${report.mediaReviews}`);
  lines.push(`time: ${report.seconds}s`);
  return lines.join('\n') + '\n';
}
