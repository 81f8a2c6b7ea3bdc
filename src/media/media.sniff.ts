/** File types recognised from their first bytes (magic numbers); names and declared types are not trusted. */
export interface SniffedType {
  mime: string;
  kind: 'image' | 'video';
  extension: string;
}

/** How many leading bytes `sniff` needs. */
export const SNIFF_BYTES = 32;

const ascii = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString('latin1');

const IMAGE_BRANDS: Record<string, SniffedType> = {
  avif: { mime: 'image/avif', kind: 'image', extension: 'avif' },
  avis: { mime: 'image/avif', kind: 'image', extension: 'avif' },
  heic: { mime: 'image/heic', kind: 'image', extension: 'heic' },
  heix: { mime: 'image/heic', kind: 'image', extension: 'heic' },
  mif1: { mime: 'image/heif', kind: 'image', extension: 'heif' },
};
const VIDEO_BRANDS: Record<string, SniffedType> = {
  qt: { mime: 'video/quicktime', kind: 'video', extension: 'mov' },
};
const MP4: SniffedType = { mime: 'video/mp4', kind: 'video', extension: 'mp4' };

export function sniff(bytes: Buffer): SniffedType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { mime: 'image/jpeg', kind: 'image', extension: 'jpeg' };
  }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { mime: 'image/png', kind: 'image', extension: 'png' };
  }
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return { mime: 'image/gif', kind: 'image', extension: 'gif' };
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    return { mime: 'image/webp', kind: 'image', extension: 'webp' };
  }
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x1a45dfa3) return { mime: 'video/webm', kind: 'video', extension: 'webm' };
  // ISO base media (MP4, QuickTime, HEIF/AVIF): a box size, then "ftyp" and the major brand.
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12).trim();
    return IMAGE_BRANDS[brand] ?? VIDEO_BRANDS[brand] ?? MP4;
  }
  // Older QuickTime files may start with another top-level atom.
  if (bytes.length >= 8 && ['moov', 'mdat', 'wide', 'free'].includes(ascii(bytes, 4, 8))) {
    return { mime: 'video/quicktime', kind: 'video', extension: 'mov' };
  }
  return null;
}
