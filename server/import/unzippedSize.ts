/**
 * A guard against ZIP bombs before a Word file is unpacked: a DOCX is a ZIP archive, and a few
 * megabytes of deflated XML can claim (or truly hold) gigabytes, which the converter would inflate
 * in memory. Every entry listed in the central directory is inflated here with a hard ceiling on
 * the output (zlib's maxOutputLength), whatever size the archive declares, so the whole archive
 * must really unpack to at most MOST_UNZIPPED_BYTES before the converter sees it.
 */
import { inflateRawSync } from 'node:zlib';
import { badRequest } from '../errors.js';

/** The most a Word file may unpack to, all its parts together. */
export const MOST_UNZIPPED_BYTES = 200 * 1024 * 1024;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const MOST_ENTRIES = 5000;

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => u16(b, at) + u16(b, at + 2) * 0x10000;

const TOO_BIG = 'This Word file unpacks to far more than its size suggests, so Quire will not open it. Save it again from Word (without embedded videos or fonts) and choose the new file.';
const UNREADABLE = 'This Word file is damaged and cannot be read. Save it again from Word and choose the new file.';

/** Throws a 400 with a sentence unless every part of the archive inflates within the ceiling. */
export function checkUnzippedSize(bytes: Uint8Array, most = MOST_UNZIPPED_BYTES): void {
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(bytes, at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw badRequest(UNREADABLE);
  const count = u16(bytes, end + 10);
  if (count > MOST_ENTRIES) throw badRequest(TOO_BIG);
  let at = u32(bytes, end + 16);
  let budget = most;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL_ENTRY) throw badRequest(UNREADABLE);
    const method = u16(bytes, at + 10);
    const compressed = u32(bytes, at + 20);
    const local = u32(bytes, at + 42);
    at += 46 + u16(bytes, at + 28) + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (local + 30 > bytes.length || u32(bytes, local) !== LOCAL_ENTRY) throw badRequest(UNREADABLE);
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + compressed));
    if (method === 0) {
      budget -= data.length;
    } else if (method === 8) {
      try {
        budget -= inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (err) {
        throw badRequest((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError ? TOO_BIG : UNREADABLE);
      }
    } else {
      throw badRequest(UNREADABLE);
    }
    if (budget < 0) throw badRequest(TOO_BIG);
  }
}
