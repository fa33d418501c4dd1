/**
 * The true type of an uploaded file, read from its bytes: never from its name or the type the
 * browser claimed, which a person (or a page trying to smuggle script in) chooses freely. Each
 * kind is recognised by its signature: PNG, JPEG, GIF, WebP and BMP by their magic numbers, PDF by
 * "%PDF-", Office documents as ZIP archives whose entries show which (word/, xl/, ppt/), SVG as
 * XML text whose root element is <svg>, and anything else that is valid UTF-8 without NUL bytes as
 * plain text. Everything left is application/octet-stream. HTML is never recognised as HTML: it is
 * served as the plain text it is, so a file can never become a page of this site.
 */
import { zipEntryNames } from './zipEntries.js';

/** A detected type: the MIME type stored and served, and how it reads in a sentence ("a GIF image"). */
export interface DetectedType {
  type: string;
  kind: string;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const u32le = (bytes: Uint8Array, at: number) => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;

const TYPES = {
  png: { type: 'image/png', kind: 'a PNG image' },
  jpeg: { type: 'image/jpeg', kind: 'a JPEG image' },
  gif: { type: 'image/gif', kind: 'a GIF image' },
  webp: { type: 'image/webp', kind: 'a WebP image' },
  bmp: { type: 'image/bmp', kind: 'a BMP image' },
  svg: { type: 'image/svg+xml', kind: 'an SVG drawing' },
  pdf: { type: 'application/pdf', kind: 'a PDF document' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', kind: 'a Word document' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: 'an Excel spreadsheet' },
  pptx: { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', kind: 'a PowerPoint presentation' },
  zip: { type: 'application/zip', kind: 'a ZIP archive' },
  text: { type: 'text/plain', kind: 'plain text' },
  binary: { type: 'application/octet-stream', kind: 'a file of a kind Quire does not recognise' },
} as const satisfies Record<string, DetectedType>;

/** Detects a file's type from its content alone. */
export function detectType(bytes: Uint8Array): DetectedType {
  if (startsWith(bytes, PNG)) return TYPES.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return TYPES.gif;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return TYPES.webp;
  if (isBmp(bytes)) return TYPES.bmp;
  if (startsWith(bytes, ascii('%PDF-'))) return TYPES.pdf;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return zipKind(bytes);
  const text = utf8Text(bytes);
  if (text === null) return TYPES.binary;
  return isSvgText(text) ? TYPES.svg : TYPES.text;
}

/** "BM" alone is too common at the start of text: the file size and DIB header size must agree too. */
function isBmp(bytes: Uint8Array): boolean {
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return false;
  return u32le(bytes, 2) === bytes.length && BMP_HEADER_SIZES.has(u32le(bytes, 14));
}

/** An Office Open XML document keeps its parts in a folder named for the application. */
function zipKind(bytes: Uint8Array): DetectedType {
  const names = zipEntryNames(bytes);
  const has = (prefix: string) => names.some((name) => name.startsWith(prefix));
  if (names.includes('[Content_Types].xml') || has('word/') || has('xl/') || has('ppt/')) {
    if (has('word/')) return TYPES.docx;
    if (has('xl/')) return TYPES.xlsx;
    if (has('ppt/')) return TYPES.pptx;
  }
  return TYPES.zip;
}

/** The file as text when it is valid UTF-8 (a leading byte order mark dropped) with no NUL byte, else null. */
export function utf8Text(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Whether XML text has <svg> as its root element: skips white space, an XML declaration, other
 * processing instructions, comments and a doctype (with an internal subset) before the root.
 */
export function isSvgText(text: string): boolean {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    if (text.startsWith('<?', at)) at = skipPast(text, at, '?>');
    else if (text.startsWith('<!--', at)) at = skipPast(text, at, '-->');
    else if (/^<!doctype/i.test(text.slice(at, at + 9))) at = skipDoctype(text, at);
    else break;
    if (at < 0) return false;
  }
  const root = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(text.slice(at, at + 200));
  return !!root && root[2].toLowerCase() === 'svg';
}

function skipPast(text: string, at: number, end: string): number {
  const found = text.indexOf(end, at);
  return found < 0 ? -1 : found + end.length;
}

/** A doctype may hold an internal subset in brackets, itself holding ">" characters. */
function skipDoctype(text: string, at: number): number {
  let inSubset = false;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '>' && !inSubset) return i + 1;
  }
  return -1;
}
