import type sharpFactory from 'sharp';
import { invalidArgument, OssError } from './media.oss.ts';
import type { SniffedType } from './media.sniff.ts';

type SharpFactory = typeof sharpFactory;
type Pipeline = ReturnType<SharpFactory>;
type Metadata = Awaited<ReturnType<Pipeline['metadata']>>;

/** Resize presets served as `?x-oss-process=style/<name>` (spec endpoints.md §E2). */
export const STYLES = {
  trustoo_big: { width: 1600, height: 1600, fit: 'inside' },
  trustoo_small: { width: 600, height: 600, fit: 'inside' },
  thumbnail: { width: 240, height: 240, fit: 'cover' },
} as const;
export type StyleName = keyof typeof STYLES;

let sharpModule: Promise<SharpFactory> | undefined;
/** libvips is loaded on the first image, not at start. */
const loadSharp = (): Promise<SharpFactory> => (sharpModule ??= import('sharp').then((m) => m.default as SharpFactory));
export const isStyleName = (name: string): name is StyleName => Object.hasOwn(STYLES, name);

/** Formats sharp decodes here (its prebuilt libvips reads AVIF but not HEVC-coded HEIC). */
const DECODABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif']);

export interface CleanImage {
  width: number;
  height: number;
}

/**
 * Decodes the whole image (refusing truncated or corrupt files and anything above the pixel
 * limit before decoding it) and writes it again in its own format, turned upright and without
 * EXIF/XMP/ICC-embedded metadata such as GPS position.
 */
export async function cleanImage(input: string, output: string, type: SniffedType, maxPixels: number): Promise<CleanImage> {
  if (!DECODABLE.has(type.mime)) {
    throw new OssError(400, 'InvalidArgument', `${type.mime} images are not supported; upload JPEG, PNG, WebP, GIF or AVIF.`);
  }
  const sharp = await loadSharp();
  const animated = type.mime === 'image/gif' || type.mime === 'image/webp';
  let meta: Metadata;
  try {
    meta = await sharp(input, { animated, limitInputPixels: false }).metadata();
  } catch {
    throw invalidArgument('The file is not a readable image.');
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  const pages = meta.pages ?? 1;
  if (width * height * pages > maxPixels) {
    throw invalidArgument(`The image is too large: ${width}×${height}${pages > 1 ? `×${pages} frames` : ''} exceeds ${maxPixels} pixels.`);
  }
  try {
    const pipeline = sharp(input, { animated, failOn: 'warning', limitInputPixels: maxPixels }).rotate();
    const info = await encodeAs(pipeline, type.mime).toFile(output);
    return { width: info.width, height: animated ? (meta.pageHeight ?? info.height) : info.height };
  } catch {
    throw invalidArgument('The image is truncated or corrupt.');
  }
}

/** Writes one resize preset of a cleaned original. */
export async function renderStyle(input: NodeJS.ReadableStream, output: string, style: StyleName, mime: string): Promise<void> {
  const preset = STYLES[style];
  const sharp = await loadSharp();
  const pipeline = sharp({ failOn: 'none' }).resize({ width: preset.width, height: preset.height, fit: preset.fit, withoutEnlargement: true });
  input.pipe(pipeline);
  // Variants are still images; an animated original yields its first frame.
  await encodeAs(pipeline, mime).toFile(output);
}

function encodeAs(pipeline: Pipeline, mime: string): Pipeline {
  switch (mime) {
    case 'image/png':
      return pipeline.png();
    case 'image/gif':
      return pipeline.gif();
    case 'image/webp':
      return pipeline.webp({ quality: 85 });
    case 'image/avif':
      return pipeline.avif({ quality: 60 });
    default:
      return pipeline.jpeg({ quality: 88 });
  }
}

let placeholder: Promise<Buffer> | undefined;

/** The thumbnail served for videos: no frame extractor ships with Plaudit, so it is a fixed picture. */
export function videoPlaceholder(): Promise<Buffer> {
  placeholder ??= loadSharp().then((sharp) =>
    sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="320" height="180" fill="#2b2b2b"/>' +
          '<circle cx="160" cy="90" r="38" fill="#ffffff" fill-opacity="0.85"/><path d="M148 70 L184 90 L148 110 Z" fill="#2b2b2b"/></svg>',
      ),
    )
      .png()
      .toBuffer(),
  );
  return placeholder;
}
