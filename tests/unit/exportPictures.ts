/** Real PNG files for the export tests, made here (signature, IHDR, IDAT, IEND with their CRCs). */
import { crc32, deflateSync } from 'node:zlib';
import type { StoredImage } from '../../server/export/images.js';

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A width x height RGB PNG of one colour (with a little noise when `noise`; half transparent, as RGBA, when `alpha`). */
export function pngOf(width: number, height: number, rgb: [number, number, number] = [30, 90, 160], noise = false, alpha = false): Uint8Array {
  const channels = alpha ? 4 : 3;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = alpha ? 6 : 2; // truecolour, with alpha or without
  const rows = Buffer.alloc((width * channels + 1) * height);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    const at = y * (width * channels + 1);
    rows[at] = 0; // no filter
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const jitter = noise ? seed % 32 : 0;
      rows[at + 1 + x * channels] = (rgb[0] + jitter) & 0xff;
      rows[at + 2 + x * channels] = rgb[1];
      rows[at + 3 + x * channels] = rgb[2];
      if (alpha) rows[at + 4 + x * channels] = 128;
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array(0))]));
}

/** A StoredImage of a PNG of this size. */
export function storedPng(width: number, height: number): StoredImage {
  return { contentType: 'image/png', bytes: pngOf(width, height), width, height };
}

/** An image node. */
export const imageNode = (src: string, alt: string, width: number | null = null) => ({ type: 'image', attrs: { src, alt, width } });
