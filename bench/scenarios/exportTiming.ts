/**
 * The timing loop the PDF and DOCX export benches share: the 50-chapter bench paper of
 * exportHtml.ts, assembled and written `repeats` times in this process, with the longest
 * event-loop turn of each repeat. With `pictures`, a 200 kB PNG is placed in every fifth chapter
 * (exportPictures.ts) and read through Quire's own resolver, as the export route does.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { assembleExport } from '../../server/export/assemble.js';
import { liveSource } from '../../server/export/source.js';
import { storedImages } from '../../server/export/images.js';
import { placePictures } from './exportPictures.js';
import type { ExportDocument } from '../../server/export/document.js';
import { withInProcessPaper } from '../load/inProcessPaper.js';
import { chapter, CHAPTERS } from './exportHtml.js';

/** Per repeat, in ms: assembling the export document, writing the file, and the longest event-loop turn. */
export interface ExportTimings {
  chapters: number;
  words: number;
  /** Pictures placed, and their bytes. */
  pictures: number;
  pictureBytes: number;
  assembleMs: number[];
  writeMs: number[];
  longestTurnMs: number[];
}

/** Times `write` on the bench paper; `written` sees each file written (for its size). */
export async function timeExport<T>({ quick, repeats, pictures = false }: { quick: boolean; repeats: number; pictures?: boolean }, write: (doc: ExportDocument) => Promise<T>, written: (file: T) => void): Promise<ExportTimings> {
  const chapters = Array.from({ length: quick ? 10 : CHAPTERS }, (_, i) => chapter(i + 1));
  const words = chapters.reduce((sum, c) => sum + c.words, 0);
  return withInProcessPaper({ title: 'Bench paper', subtitle: 'Exported' }, chapters.map((c) => c.doc), async (built) => {
    const { db, quire, paperId } = built;
    const placed = pictures ? placePictures(built, chapters.map((c) => c.doc)) : { count: 0, bytes: 0 };
    const cover = { title: 'Bench paper', subtitle: 'Exported', organisation: 'Bench Trust', coverDate: '2026-03-31', editedBy: 'Bench Editor', summary: 'One\nTwo', acknowledgements: 'Thanks.' };
    const timings: ExportTimings = { chapters: chapters.length, words, pictures: placed.count, pictureBytes: placed.bytes, assembleMs: [], writeMs: [], longestTurnMs: [] };
    for (let r = 0; r < repeats; r++) {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      let t = performance.now();
      const doc = await assembleExport({ db, paper: cover, source: liveSource(db, quire.collab, paperId, '2026-03-31'), scope: { kind: 'paper' }, images: storedImages(db, quire.blobs, paperId) });
      timings.assembleMs.push(performance.now() - t);
      t = performance.now();
      const file = await write(doc);
      timings.writeMs.push(performance.now() - t);
      await new Promise((resolve) => setImmediate(resolve));
      delay.disable();
      timings.longestTurnMs.push(delay.max / 1e6);
      written(file);
    }
    return timings;
  });
}
