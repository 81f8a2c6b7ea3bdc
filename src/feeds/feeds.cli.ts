import { printResult, type CliCommand, type CliContext } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { feedCoverage } from './coverage.service.ts';
import { feedUrls, rotateFeedToken, feedUrlOf, FEED_INDEX_FILE } from './feed.service.ts';

const deps = (c: CliContext) => ({ db: c.database.db, clock: c.clock, secrets: c.secrets, publicUrl: c.config.publicUrl });

export const feedCommands: CliCommand[] = [
  {
    name: 'feeds url',
    summary: "Print the shop's secret Google Product Ratings feed URL (created on first use)",
    usage: 'plaudit feeds url --domain D [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const urls = await feedUrls(deps(context), shop.id);
      if (options.json === true) printResult(context, options, { url: urls.url });
      else printResult(context, options, { url: urls.url, index_url: urls.index_url });
    },
  },
  {
    name: 'feeds rotate',
    summary: 'Replace the feed URL; the old one stops working at once',
    usage: 'plaudit feeds rotate --domain D [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const token = await rotateFeedToken(deps(context), shop.id);
      printResult(context, options, { url: feedUrlOf(context.config.publicUrl, token) });
      if (options.json !== true) context.stdout(`index_url: ${feedUrlOf(context.config.publicUrl, token, FEED_INDEX_FILE)}\n`);
    },
  },
  {
    name: 'feeds check',
    summary: "Coverage of the shop's Google feed: reviews in it, reviews left out and why, products Google cannot match, eligibility (>= 50 reviews)",
    usage: 'plaudit feeds check --domain D [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const report = await feedCoverage(context.database.db, shop.id);
      if (options.json === true) {
        printResult(context, options, { ...report });
        return;
      }
      const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
      const lines = [
        `reviews in the feed: ${report.reviews_in_feed}`,
        `Google eligibility (>= ${report.google_min_reviews} reviews): ${report.eligible ? 'yes' : `no (${report.google_min_reviews - report.reviews_in_feed} more needed)`}`,
        'reviews left out:',
        `  store reviews (never sent: Google takes product reviews only): ${report.excluded.store_reviews}`,
        `  unpublished: ${report.excluded.unpublished}`,
        `  product unknown to Plaudit (upsert it): ${report.excluded.product_unknown}`,
        `  product without URL or handle: ${report.excluded.product_without_url}`,
        `  without text: ${report.excluded.without_text}`,
        `products with reviews: ${report.products_with_reviews}`,
        `products without GTIN, SKU or brand + MPN: ${report.products_without_identifier} (${percent(report.products_without_identifier_share)} of products, ${percent(report.reviews_without_identifier_share)} of the feed's reviews)`,
        ...report.top_products_without_identifier.map((p) => `  ${p.product_id}  ${p.title}  (${p.reviews} reviews)`),
      ];
      context.stdout(lines.join('\n') + '\n');
    },
  },
];
