/**
 * Pictures for the export benches: a PNG of about 200 kB (random pixels, so it does not compress
 * smaller: the size a chart screenshot or a scanned figure has) placed after the text of every
 * fifth chapter of the bench paper, stored as the upload route stores files (blob store, files
 * table) so the export reads them through Quire's own resolver. Each picture is different, so
 * none is embedded once for two places.
 */
import { randomBytes } from 'node:crypto';
import { initialPageState } from '../../server/collab/initialState.js';
import { insertFile } from '../../server/store/files.js';
import { fileUrl } from '../../shared/files.js';
import type { DocJSON } from '../../shared/schema.js';
import type { InProcessPaper } from '../load/inProcessPaper.js';
import { encodePng } from '../../tests/fixtures/png.js';

/** Every how many chapters a picture is placed. */
export const PICTURE_EVERY = 5;
const WIDTH = 300;
const HEIGHT = 225;

/** A WIDTH x HEIGHT RGB PNG of random pixels (about 200 kB). */
export function noisePng(): Uint8Array {
  return new Uint8Array(encodePng(WIDTH, HEIGHT, (pixels) => randomBytes(pixels.length).copy(pixels)));
}

/** Places a fresh picture at the end of every PICTURE_EVERY-th chapter (before any page is opened); returns how many and their bytes. */
export function placePictures({ db, quire, paperId, pageIds }: InProcessPaper, chapters: readonly DocJSON[]): { count: number; bytes: number } {
  const userId = (db.prepare('SELECT id FROM users LIMIT 1').get() as { id: string }).id;
  let count = 0;
  let bytes = 0;
  pageIds.forEach((pageId, i) => {
    if ((i + 1) % PICTURE_EVERY !== 0) return;
    const png = noisePng();
    const fileId = insertFile(db, { paperId, pageId, sha256: quire.blobs.put(png), name: `figure-${i + 1}.png`, size: png.byteLength, contentType: 'image/png', purpose: 'image', width: WIDTH, height: HEIGHT, uploadedBy: userId });
    const picture = { type: 'image', attrs: { src: fileUrl(paperId, fileId), alt: `Figure for chapter ${i + 1}`, width: 80 } };
    const doc = { ...chapters[i], content: [...(chapters[i].content ?? []), picture] };
    db.prepare('UPDATE page_snapshots SET state = ? WHERE page_id = ?').run(Buffer.from(initialPageState(doc)), pageId);
    count++;
    bytes += png.byteLength;
  });
  return { count, bytes };
}
