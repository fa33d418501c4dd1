/**
 * The pixel size of an uploaded picture, read from its header (PNG's IHDR chunk, JPEG's
 * start-of-frame segment, GIF's screen descriptor, WebP's VP8, VP8L or VP8X chunk), so a page
 * can lay it out before it loads and absurd sizes are refused before anyone's browser tries to
 * decode them: a few kilobytes of PNG can claim a picture of billions of pixels.
 */

/** Width and height in pixels. */
export interface PixelSize {
  width: number;
  height: number;
}

/** The widest or tallest picture accepted, in pixels. */
export const MOST_PIXELS_A_SIDE = 20_000;
/** The most pixels a picture may have in all (100 megapixels). */
export const MOST_PIXELS = 100_000_000;

const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const tag = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);

/** The pixel size of a picture of a detected type, or null when its header cannot be read. */
export function imageSize(bytes: Uint8Array, type: string): PixelSize | null {
  const size = readers[type]?.(bytes) ?? null;
  return size && size.width > 0 && size.height > 0 ? size : null;
}

/** Why a picture of this size is refused, as a sentence, or null when its size is acceptable. */
export function imageSizeRefusal(size: PixelSize): string | null {
  const { width, height } = size;
  if (width > MOST_PIXELS_A_SIDE || height > MOST_PIXELS_A_SIDE || width * height > MOST_PIXELS) {
    return `This picture is ${width.toLocaleString('en-GB')} by ${height.toLocaleString('en-GB')} pixels. Pictures can be at most ${MOST_PIXELS_A_SIDE.toLocaleString('en-GB')} pixels a side and ${MOST_PIXELS / 1_000_000} megapixels in all: make it smaller and upload it again.`;
  }
  return null;
}

const readers: Record<string, (bytes: Uint8Array) => PixelSize | null> = {
  'image/png': pngSize,
  'image/jpeg': jpegSize,
  'image/gif': (b) => (b.length >= 10 ? { width: u16le(b, 6), height: u16le(b, 8) } : null),
  'image/webp': webpSize,
};

function pngSize(b: Uint8Array): PixelSize | null {
  if (b.length < 24 || tag(b, 12) !== 'IHDR') return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** Start-of-frame markers (baseline, progressive, lossless ...), which are C0-CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers that stand alone, without a length: TEM, RST0-7, SOI. */
const standsAlone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

function jpegSize(b: Uint8Array): PixelSize | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (standsAlone(marker)) {
      at += 2;
      continue;
    }
    // The scan starts (SOS) or the image ends (EOI) before any frame header: unreadable.
    if (marker === 0xda || marker === 0xd9) return null;
    if (isStartOfFrame(marker)) return at + 9 <= b.length ? { height: u16be(b, at + 5), width: u16be(b, at + 7) } : null;
    at += 2 + u16be(b, at + 2);
  }
  return null;
}

function webpSize(b: Uint8Array): PixelSize | null {
  if (b.length < 25) return null;
  const chunk = tag(b, 12);
  if (chunk === 'VP8 ') {
    if (b.length < 30) return null;
    // A key frame's start code, then 14-bit width and height (the top two bits scale, ignored here).
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return null;
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return b.length < 30 ? null : { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return null;
}
