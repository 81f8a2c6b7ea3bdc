import type { Db } from '../db/database.ts';
import { hostedProductPath, hostedReviewPath } from './feed.xml.ts';
import { countProductPages, countReviewPages, listProductPages, listReviewPages } from './search-pages.queries.ts';
import { xmlEscape, xsDateTime } from './xml.ts';

/** The sitemap protocol's limit of URLs per file; a larger sitemap becomes an index of numbered parts. */
export const SITEMAP_MAX_URLS = 50_000;

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const sitemapPath = (shopDomain: string) => `/s/${encodeURIComponent(shopDomain)}/sitemap.xml`;

/**
 * The shop's sitemap of hosted review pages: each product review page, then each single-review page.
 * `part` null: the whole sitemap, or the index of its parts when it holds more than maxUrls URLs.
 * undefined when the part does not exist.
 */
export async function sitemapDocument(db: Db, shop: { id: number; domain: string }, publicUrl: string, part: number | null, maxUrls = SITEMAP_MAX_URLS): Promise<string | undefined> {
  const [products, reviews] = await Promise.all([countProductPages(db, shop.id), countReviewPages(db, shop.id)]);
  const parts = Math.max(1, Math.ceil((products + reviews) / maxUrls));
  if (part === null && parts > 1) {
    const entries = Array.from({ length: parts }, (_, i) => `<sitemap><loc>${xmlEscape(`${publicUrl}${sitemapPath(shop.domain)}?part=${i + 1}`)}</loc></sitemap>`);
    return `${HEAD}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
  }
  const index = (part ?? 1) - 1;
  if (index >= parts) return undefined;
  const start = index * maxUrls;
  const urls: string[] = [];
  const url = (path: string, updatedAt: number | string | null) => `<url><loc>${xmlEscape(publicUrl + path)}</loc>${updatedAt ? `<lastmod>${xsDateTime(Number(updatedAt))}</lastmod>` : ''}</url>`;
  if (start < products) {
    for (const row of await listProductPages(db, shop.id, start, Math.min(maxUrls, products - start))) urls.push(url(hostedProductPath(shop.domain, row.handle), row.updated_at));
  }
  const reviewStart = Math.max(0, start - products);
  const reviewCount = maxUrls - urls.length;
  if (reviewCount > 0) {
    for (const row of await listReviewPages(db, shop.id, reviewStart, reviewCount)) urls.push(url(hostedReviewPath(shop.domain, row.id), row.updated_at));
  }
  return `${HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
