/**
 * PDF export of the big paper of the export bench (50 chapters of about 3,000 words, each with a
 * list and a table), in this process through Quire's own path: assembly, then the PDF writer
 * (server/export/pdf.ts, text set in embedded DejaVu Sans). It runs twice: text only, then with a
 * 200 kB PNG in every fifth chapter (exportPictures.ts). We print the time of each step, the
 * pages and bytes of the file, the longest the event loop was held in one turn (the writer gives
 * the loop back between sections) and the total against issue 7's target of 3 s.
 */
import { writePdf } from '../../server/export/pdf.js';
import { median } from '../load/inProcessPaper.js';
import { CHAPTERS } from './exportHtml.js';
import { timeExport } from './exportTiming.js';

/** Issue 7: a 50-chapter paper exports to PDF in at most 3 s. */
export const PDF_TARGET_MS = 3000;

/** One run of the bench: text only, or with pictures. */
export interface PdfBenchRun {
  chapters: number;
  words: number;
  pictures: number;
  pictureBytes: number;
  pages: number;
  bytes: number;
  /** Per repeat, in ms. */
  assembleMs: number[];
  pdfMs: number[];
  longestTurnMs: number[];
}

export interface PdfBenchResult {
  text: PdfBenchRun;
  pictures: PdfBenchRun;
}

/** The page count of a PDF file, read from its page tree. */
function pageCount(bytes: Uint8Array): number {
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(Buffer.from(bytes).toString('latin1'));
  return m ? Number(m[1]) : 0;
}

async function runOnce(options: { quick: boolean; repeats: number; pictures: boolean }): Promise<PdfBenchRun> {
  let bytes = 0;
  let pages = 0;
  const t = await timeExport(options, (doc) => writePdf(doc), (pdf) => {
    bytes = pdf.byteLength;
    pages = pageCount(pdf);
  });
  return { chapters: t.chapters, words: t.words, pictures: t.pictures, pictureBytes: t.pictureBytes, pages, bytes, assembleMs: t.assembleMs, pdfMs: t.writeMs, longestTurnMs: t.longestTurnMs };
}

/** Builds the paper in a fresh database and exports it as PDF `repeats` times, without and with pictures. */
export async function runPdfBench(options: { quick: boolean; repeats: number }): Promise<PdfBenchResult> {
  return { text: await runOnce({ ...options, pictures: false }), pictures: await runOnce({ ...options, pictures: true }) };
}

function row(label: string, r: PdfBenchRun): string {
  const total = median(r.assembleMs) + median(r.pdfMs);
  return `| ${label} | ${median(r.assembleMs).toFixed(0)} | ${median(r.pdfMs).toFixed(0)} | ${total.toFixed(0)} | ${r.pages} | ${(r.bytes / 1024).toFixed(0)} | ${median(r.longestTurnMs).toFixed(1)} | ${(total / PDF_TARGET_MS).toFixed(2)} |`;
}

/** The scenario's markdown table. */
export function pdfBenchTable({ text, pictures }: PdfBenchResult): string {
  const holds = (r: PdfBenchRun) => median(r.assembleMs) + median(r.pdfMs) <= PDF_TARGET_MS;
  return [
    `### PDF export: ${text.chapters} chapters, ${text.words.toLocaleString('en-GB')} words with tables, DejaVu Sans embedded, in process (median of ${text.pdfMs.length})`,
    '',
    '| paper | assemble ms | PDF write ms | total ms | pages | kB | longest event-loop turn ms | total / 3 s target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('text only', text),
    row(`with ${pictures.pictures} PNGs (${(pictures.pictureBytes / 1024).toFixed(0)} kB)`, pictures),
    '',
    `- Target "a 50-chapter paper exports to PDF in at most 3 s": ${text.chapters === CHAPTERS ? (holds(text) && holds(pictures) ? 'HOLDS' : 'FAILS') : 'not measured (--quick)'}`,
  ].join('\n');
}
