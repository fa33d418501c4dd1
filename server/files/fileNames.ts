/**
 * Uploaded file names, made safe to keep and to hand back. A name is only ever a label: the
 * bytes are stored under their SHA-256 (blobStore.ts), so no name reaches the file system. Still,
 * a name is shown on the Attachments tab and offered as the download's name, so it keeps only its
 * last path segment (of both / and \), loses control characters and the bidirectional overrides
 * that make "txt.exe" read as "exe.txt", loses leading and trailing dots and spaces, and is cut to
 * a length that keeps its extension. Content-Disposition carries it twice: an ASCII fallback in
 * filename= and the exact name in RFC 5987's filename*=UTF-8''.
 */
import { limits } from '../../shared/limits.js';

/** The name used when nothing is left of the one given. */
export const FALLBACK_NAME = 'file';

/** Controls (C0, DEL, C1) and the bidirectional marks, embeddings, overrides and isolates. */
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
/** Characters Windows refuses in a file name; a download saved there would be renamed or fail. */
const RESERVED = /[<>:"|?*]/g;
/** An extension worth keeping when a long name is cut: a dot and up to 16 letters or digits. */
const EXTENSION = /\.[\p{L}\p{N}]{1,16}$/u;

/** A name cleaned as described above; never empty and at most limits.fileNameChars characters. */
export function cleanFileName(raw: unknown): string {
  if (typeof raw !== 'string') return FALLBACK_NAME;
  const lastSegment = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = trimDotsAndSpaces(lastSegment.replace(UNSAFE, '').replace(RESERVED, '_'));
  return cleaned ? shorten(cleaned, limits.fileNameChars) : FALLBACK_NAME;
}

function trimDotsAndSpaces(name: string): string {
  return name.replace(/^[\s.]+|[\s.]+$/gu, '');
}

/** Cuts a name to `most` characters (code points, so no emoji is split), keeping its extension. */
function shorten(name: string, most: number): string {
  const chars = [...name];
  if (chars.length <= most) return name;
  const extension = EXTENSION.exec(name)?.[0] ?? '';
  const extensionChars = [...extension].length;
  const stem = chars.slice(0, chars.length - extensionChars).slice(0, most - extensionChars).join('');
  return trimDotsAndSpaces(stem) + extension;
}

/** The Content-Disposition header for a file: inline or attachment, with an ASCII name and the exact UTF-8 one. */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const exact = cleanFileName(name);
  return `${disposition}; filename="${asciiFallback(exact)}"; filename*=UTF-8''${rfc5987(exact)}`;
}

/** An ASCII stand-in for old clients: accents dropped where that is enough, anything else (and quotes, backslashes) as "_". */
export function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  return ascii.trim() ? ascii : FALLBACK_NAME;
}

/** Percent-encodes UTF-8 for RFC 5987's ext-value: encodeURIComponent leaves ' ( ) * alone, which attr-char does not allow. */
function rfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
