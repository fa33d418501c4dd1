/**
 * Reading a picture's pixel size from its header (server/files/imageSize.ts), and refusing sizes
 * no page needs: a tiny PNG can claim billions of pixels.
 */
import { describe, expect, it } from 'vitest';
import { imageSize, imageSizeRefusal } from '../../server/files/imageSize.js';
import { gifBytes, jpegBytes, pngBytes, webpBytes } from '../fixtures/files/samples.js';

describe('imageSize', () => {
  it('reads PNG, JPEG (baseline and progressive), GIF and WebP headers', () => {
    expect(imageSize(pngBytes(7, 5), 'image/png')).toEqual({ width: 7, height: 5 });
    expect(imageSize(jpegBytes(640, 480), 'image/jpeg')).toEqual({ width: 640, height: 480 });
    expect(imageSize(jpegBytes(33, 21, true), 'image/jpeg')).toEqual({ width: 33, height: 21 });
    expect(imageSize(gifBytes(300, 2), 'image/gif')).toEqual({ width: 300, height: 2 });
    expect(imageSize(webpBytes(1200, 900), 'image/webp')).toEqual({ width: 1200, height: 900 });
  });

  it('answers null for a damaged header or a type it does not read', () => {
    expect(imageSize(pngBytes().subarray(0, 20), 'image/png')).toBeNull();
    expect(imageSize(jpegBytes().subarray(0, 30), 'image/jpeg')).toBeNull();
    expect(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]), 'image/jpeg')).toBeNull();
    expect(imageSize(pngBytes(), 'image/svg+xml')).toBeNull();
    expect(imageSize(pngBytes(1, 1, { width: 0, height: 1 }), 'image/png')).toBeNull();
  });

  it('reads the size a header claims, not the pixels it holds', () => {
    expect(imageSize(pngBytes(1, 1, { width: 100_000, height: 100_000 }), 'image/png')).toEqual({ width: 100_000, height: 100_000 });
  });
});

describe('imageSizeRefusal', () => {
  it('accepts ordinary pictures, up to the limits', () => {
    expect(imageSizeRefusal({ width: 4000, height: 3000 })).toBeNull();
    expect(imageSizeRefusal({ width: 20_000, height: 5_000 })).toBeNull();
  });

  it('refuses a side over 20,000 pixels or more than 100 megapixels, with the numbers', () => {
    expect(imageSizeRefusal({ width: 20_001, height: 10 })).toBe(
      'This picture is 20,001 by 10 pixels. Pictures can be at most 20,000 pixels a side and 100 megapixels in all: make it smaller and upload it again.',
    );
    expect(imageSizeRefusal({ width: 15_000, height: 15_000 })).toMatch(/^This picture is 15,000 by 15,000 pixels\./);
  });
});
