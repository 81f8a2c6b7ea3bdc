import { XMLParser } from 'fast-xml-parser';
import type { TestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { upsertProduct } from '../products/products.service.ts';
import { feedCommands } from './feeds.cli.ts';

/** Text with the characters the feed must escape (&, <, >) and the ones it must remove (C0 controls, U+FFFE). */
export const TRICKY_CONTENT = 'Fits & feels <great> "really" \u0001\u0008\u000B\u000C\u001F\uFFFE — Zoë 山田 👍\ttab\nline';
export const TRICKY_CONTENT_CLEAN = 'Fits & feels <great> "really"  — Zoë 山田 👍\ttab\nline';

export const photos = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://cdn.example.com/p/${i}.jpg?a=1&b=2`, type: 1 }));

/**
 * Shop A's feed fixture: three products (identified, handle-only, unknown to Plaudit) and reviews
 * covering what the feed must include, transform and leave out. Returns the ids by role.
 */
export async function seedFeedFixture(setup: TestApp) {
  const { shopA, shopB, database, clock } = setup;
  const deps = { db: database.db, clock };
  await upsertProduct(deps, shopA.shopId, {
    product_id: '777',
    handle: 'green-hat',
    title: 'Green & <Hat>',
    url: 'https://shop-a.example.com/products/green-hat',
    gtin: '4006381333931',
    mpn: 'GH-1',
    sku: 'SKU-GH',
    brand: 'Hatters',
  });
  await upsertProduct(deps, shopB.shopId, { product_id: '777', handle: 'b-hat', title: 'B hat' });
  await upsertProduct(deps, shopA.shopId, { product_id: '778', handle: 'blue-scarf', title: 'Blue scarf' });
  const create = async (body: Record<string, unknown>, client = shopA.client) => {
    clock.advance(1000);
    const created = await client.createReview({ rating: 5, author: 'Ann', content: 'Nice', ...body } as never);
    if (created.code !== 0) throw new Error(created.message);
    return Number(created.data.id);
  };
  const ids = {
    tricky: await create({ product_id: '777', rating: 4, author: 'Zoë 山田 <b>', title: 'Title & "quotes"', content: TRICKY_CONTENT, media: [] }),
    manyPhotos: await create({ product_id: '777', author: 'Bob', content: 'Ten photos', media: photos(10) }),
    emailRequest: await create({ product_id: '777', author: 'Cara', content: 'Asked after delivery', source: 'Email request', order_id: '5001', is_verified: 1 }),
    anonymous: await create({ product_id: '778', author: 'Anonymous', content: 'No name given', title: '' }),
    handleOnly: await create({ product_id: '778', author: 'Dan', rating: 1, content: 'One star stays in the feed' }),
    unpublished: await create({ product_id: '777', content: 'Hidden', is_published: 0 }),
    store: await create({ product_id: 0, content: 'Fast shipping' }),
    unknownProduct: await create({ product_id: '779', content: 'Product not upserted' }),
    noText: await create({ product_id: '777', content: '' }),
    otherShop: await create({ product_id: '777', content: 'Shop B' }, shopB.client),
  };
  return ids;
}

export const IN_FEED = ['tricky', 'manyPhotos', 'emailRequest', 'anonymous', 'handleOnly'] as const;

export async function feedUrlOfShopA(setup: TestApp): Promise<string> {
  const out = await runCommand(setup, feedCommands, ['feeds', 'url', '--domain', 'shop-a.myshopify.com', '--json']);
  return (JSON.parse(out) as { url: string }).url;
}

/** The path part of a feed URL, for app.inject. */
export const pathOf = (url: string) => new URL(url).pathname;

/** An order-preserving parse: [{ tag: [children…], ':@': { '@_attr': … } }, …]. */
export const orderedParser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: false });
export const plainParser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, isArray: (name) => ['review', 'reviewer_image', 'feed_file'].includes(name) });

export type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };
export const tagOf = (node: OrderedNode) => Object.keys(node).find((k) => k !== ':@')!;
export const childrenOf = (node: OrderedNode) => node[tagOf(node)] as OrderedNode[];
