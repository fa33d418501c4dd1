/** Real PNG files for the export tests (tests/fixtures/png.ts writes them). */
import { encodePng } from '../fixtures/png.js';
import type { StoredImage } from '../../server/export/images.js';

/** A width x height RGB PNG of one colour (with a little noise when `noise`; half transparent, as RGBA, when `alpha`). */
export function pngOf(width: number, height: number, rgb: [number, number, number] = [30, 90, 160], noise = false, alpha = false): Uint8Array {
  let seed = 7;
  const png = encodePng(
    width,
    height,
    (pixels, channels) => {
      for (let at = 0; at < pixels.length; at += channels) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        pixels[at] = (rgb[0] + (noise ? seed % 32 : 0)) & 0xff;
        pixels[at + 1] = rgb[1];
        pixels[at + 2] = rgb[2];
        if (alpha) pixels[at + 3] = 128;
      }
    },
    { alpha },
  );
  return new Uint8Array(png);
}

/** A StoredImage of a PNG of this size. */
export function storedPng(width: number, height: number): StoredImage {
  return { contentType: 'image/png', bytes: pngOf(width, height), width, height };
}

/** An image node. */
export const imageNode = (src: string, alt: string, width: number | null = null) => ({ type: 'image', attrs: { src, alt, width } });
