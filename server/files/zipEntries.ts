/**
 * The names of the entries in a ZIP archive, read without unpacking anything, so the type
 * detector can tell a Word, Excel or PowerPoint file (each a ZIP of XML parts) from any other
 * archive. The central directory at the end of the archive lists every entry; when it cannot be
 * found (a truncated file), the local headers are walked from the start instead. Both walks are
 * bounded by the archive's length and a count, so a hostile archive cannot loop.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_SEARCH = 22 + 0xffff;
const MOST_ENTRIES = 5000;

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => u16(b, at) + u16(b, at + 2) * 0x10000;
const latin1 = new TextDecoder('latin1');
const nameAt = (b: Uint8Array, at: number, length: number) => latin1.decode(b.subarray(at, at + length));

/** The entry names of a ZIP archive (at most a few thousand), or [] when none can be read. */
export function zipEntryNames(bytes: Uint8Array): string[] {
  return centralNames(bytes) ?? localNames(bytes);
}

function centralNames(bytes: Uint8Array): string[] | null {
  const end = findEnd(bytes);
  if (end < 0) return null;
  const count = Math.min(u16(bytes, end + 10), MOST_ENTRIES);
  let at = u32(bytes, end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL_ENTRY) return names.length ? names : null;
    const nameLength = u16(bytes, at + 28);
    names.push(nameAt(bytes, at + 46, nameLength));
    at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return names;
}

function findEnd(bytes: Uint8Array): number {
  const stop = Math.max(0, bytes.length - END_SEARCH);
  for (let at = bytes.length - 22; at >= stop; at--) {
    if (u32(bytes, at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return -1;
}

function localNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  let at = 0;
  while (names.length < MOST_ENTRIES && at + 30 <= bytes.length && u32(bytes, at) === LOCAL_ENTRY) {
    const nameLength = u16(bytes, at + 26);
    names.push(nameAt(bytes, at + 30, nameLength));
    // With a data descriptor (bit 3) the sizes come after the data, so the walk cannot go on.
    if (u16(bytes, at + 6) & 0x08) break;
    at += 30 + nameLength + u16(bytes, at + 28) + u32(bytes, at + 18);
  }
  return names;
}
