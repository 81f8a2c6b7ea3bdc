// Time to make the resized styles of a 12-megapixel JPEG, and to clean it at upload.
// Run by hand: node --import tsx bench/media-thumbnail.ts
// Baseline in the same run: sharp decoding the same JPEG to raw pixels (the work any resize starts from).
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { STYLES, cleanImage, renderStyle, type StyleName } from '../src/media/media.images.ts';

const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-thumb-'));
const ROUNDS = 5;
try {
  // 4000×3000 with texture, so the JPEG is photo-sized (a few MB) rather than a flat colour.
  const source = join(dir, 'photo.jpg');
  const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 90, g: 140, b: 60 }, noise: { type: 'gaussian', mean: 120, sigma: 25 } } })
    .blur(1.2)
    .jpeg({ quality: 90 })
    .toBuffer();
  writeFileSync(source, photo);
  console.log(`input: 4000×3000 JPEG, ${(photo.length / 1048576).toFixed(1)} MB; median of ${ROUNDS} rounds`);

  const median = async (label: string, run: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      await run(i);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(42)} ${times[Math.floor(ROUNDS / 2)]!.toFixed(0).padStart(5)} ms`);
  };

  await median('baseline: decode to raw pixels', () => sharp(source).raw().toBuffer());
  for (const style of Object.keys(STYLES) as StyleName[]) {
    await median(`style ${style} (stream in, file out)`, (i) => renderStyle(createReadStream(source), join(dir, `${style}-${i}.jpg`), style, 'image/jpeg'));
  }
  await median('upload clean (decode, rotate, strip, encode)', (i) => cleanImage(source, join(dir, `clean-${i}.jpg`), { mime: 'image/jpeg', kind: 'image', extension: 'jpeg' }, 40_000_000));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
