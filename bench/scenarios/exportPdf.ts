/**
 * PDF export of the big paper of the export bench (50 chapters of about 3,000 words, each with a
 * list and a table), in this process through Quire's own path: assembly, then the PDF writer
 * (server/export/pdf.ts). We print the time of each step, the pages and bytes of the file, the
 * longest the event loop was held in one turn (the writer gives the loop back between sections)
 * and the total against issue 7's target of 3 s.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { assembleExport } from '../../server/export/assemble.js';
import { liveSource } from '../../server/export/source.js';
import { writePdf } from '../../server/export/pdf.js';
import { median, withInProcessPaper } from '../load/inProcessPaper.js';
import { chapter, CHAPTERS } from './exportHtml.js';

/** Issue 7: a 50-chapter paper exports to PDF in at most 3 s. */
export const PDF_TARGET_MS = 3000;

export interface PdfBenchResult {
  chapters: number;
  words: number;
  pages: number;
  bytes: number;
  /** Per repeat, in ms. */
  assembleMs: number[];
  pdfMs: number[];
  longestTurnMs: number[];
}

/** The page count of a PDF file, read from its page tree. */
function pageCount(bytes: Uint8Array): number {
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(Buffer.from(bytes).toString('latin1'));
  return m ? Number(m[1]) : 0;
}

/** Builds the paper in a fresh database and exports it as PDF `repeats` times. */
export async function runPdfBench({ quick, repeats }: { quick: boolean; repeats: number }): Promise<PdfBenchResult> {
  const chapters = Array.from({ length: quick ? 10 : CHAPTERS }, (_, i) => chapter(i + 1));
  const words = chapters.reduce((sum, c) => sum + c.words, 0);
  return withInProcessPaper({ title: 'Bench paper', subtitle: 'Exported' }, chapters.map((c) => c.doc), async ({ db, quire, paperId }) => {
    const cover = { title: 'Bench paper', subtitle: 'Exported', organisation: 'Bench Trust', coverDate: '2026-03-31', editedBy: 'Bench Editor', summary: 'One\nTwo', acknowledgements: 'Thanks.' };
    const result: PdfBenchResult = { chapters: chapters.length, words, pages: 0, bytes: 0, assembleMs: [], pdfMs: [], longestTurnMs: [] };
    for (let r = 0; r < repeats; r++) {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      let t = performance.now();
      const doc = await assembleExport({ db, paper: cover, source: liveSource(db, quire.collab, paperId, '2026-03-31'), scope: { kind: 'paper' } });
      result.assembleMs.push(performance.now() - t);
      t = performance.now();
      const pdf = await writePdf(doc);
      result.pdfMs.push(performance.now() - t);
      await new Promise((resolve) => setImmediate(resolve));
      delay.disable();
      result.longestTurnMs.push(delay.max / 1e6);
      result.bytes = pdf.byteLength;
      result.pages = pageCount(pdf);
    }
    return result;
  });
}

/** The scenario's markdown table. */
export function pdfBenchTable(r: PdfBenchResult): string {
  const total = median(r.assembleMs) + median(r.pdfMs);
  return [
    `### PDF export: ${r.chapters} chapters, ${r.words.toLocaleString('en-GB')} words with tables, in process (median of ${r.pdfMs.length})`,
    '',
    '| assemble ms | PDF write ms | total ms | pages | kB | longest event-loop turn ms | total / 3 s target |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${median(r.assembleMs).toFixed(0)} | ${median(r.pdfMs).toFixed(0)} | ${total.toFixed(0)} | ${r.pages} | ${(r.bytes / 1024).toFixed(0)} | ${median(r.longestTurnMs).toFixed(1)} | ${(total / PDF_TARGET_MS).toFixed(2)} |`,
  ].join('\n');
}
