import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';

// A key inside the shop's upload folder: the characters the media receiver allows, no dot segments, no query.
const UPLOADED_KEY = /^[0-9]+\/[0-9]+\/[0-9]+\/[A-Za-z0-9._-]+$/;

export interface ShopperMedia {
  url: string;
  thumbnail_url: string;
  type: 1 | 2;
}

/**
 * Shoppers (the widget's form, the emailed review form) may only attach files uploaded to this shop's
 * own media folder (no hotlinked or foreign URLs). `field` names the input in the error (e.g. photos).
 */
export function shopperMedia(urls: string[], shopMediaPrefix: string, field: string, type: 1 | 2 = 1): ShopperMedia[] {
  return urls.map((url, i) => {
    const rest = url.startsWith(shopMediaPrefix) ? url.slice(shopMediaPrefix.length) : '';
    if (!UPLOADED_KEY.test(rest) || rest.split('/').some((part) => part === '.' || part === '..')) {
      throw invalidArgument(`${field}[${i}]`, `must be ${type === 1 ? 'an image' : 'a video'} uploaded for this shop`);
    }
    return { url, thumbnail_url: `${url}?x-oss-process=style/thumbnail`, type };
  });
}

/** Whether every one of these keys is a stored upload of the shop of the given kind (checked before a review is written). */
export async function allStored(db: Db, shopId: number, keys: string[], kind: 'image' | 'video'): Promise<boolean> {
  if (keys.length === 0) return true;
  const rows = await db
    .selectFrom('media_uploads')
    .select('object_key')
    .where('shop_id', '=', shopId)
    .where('kind', '=', kind)
    .where('status', '=', 'stored')
    .where('object_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => r.object_key)).size === new Set(keys).size;
}
