/**
 * Export of a big paper: 50 chapters of about 3,000 words each (paragraphs with bold and links, a
 * bulleted list and a 10-row table per chapter), exported in this process through Quire's own
 * path: assembly (server/export/assemble.ts reading each page through the collab server), then the
 * HTML and Markdown writers. We print the time of each step, the file sizes and the longest the
 * event loop was held in one turn while it ran (assembly gives the loop back between pages; a
 * writer runs in one turn, so its time is also how long typing elsewhere could wait).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { assembleExport } from '../../server/export/assemble.js';
import { liveSource } from '../../server/export/source.js';
import { writeHtml } from '../../server/export/html.js';
import { writeMarkdown } from '../../server/export/markdown.js';
import { median, withInProcessPaper } from '../load/inProcessPaper.js';
import type { DocJSON } from '../../shared/schema.js';

export const CHAPTERS = 50;
const WORDS_PER_CHAPTER = 3000;
const WORDS = 'the integrated care board agreed that discharge planning should start on admission with shared records and a named coordinator for each person'.split(' ');

export interface ExportBenchResult {
  chapters: number;
  words: number;
  htmlBytes: number;
  markdownBytes: number;
  /** Per repeat, in ms. */
  assembleMs: number[];
  htmlMs: number[];
  markdownMs: number[];
  longestTurnMs: number[];
}

const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
const para = (...content: unknown[]) => ({ type: 'paragraph', content });

/** One chapter of about WORDS_PER_CHAPTER words with a list and a table. */
export function chapter(n: number): { doc: DocJSON; words: number } {
  const content: unknown[] = [{ type: 'heading', attrs: { level: 1 }, content: [text(`Findings of chapter ${n}`)] }];
  let words = 0;
  for (let i = 0; words < WORDS_PER_CHAPTER - 200; i += 7) {
    const sentence = Array.from({ length: 100 }, (_, k) => WORDS[(i + k) % WORDS.length]).join(' ');
    words += 100;
    content.push(para(text(`${sentence} `), text('in bold', [{ type: 'bold' }]), text(' and '), text('a source', [{ type: 'link', attrs: { href: 'https://example.org/source', title: null } }]), text('.')));
  }
  const cell = (t: string) => ({ type: 'table_cell', content: [para(text(t))] });
  content.push({ type: 'bullet_list', content: [1, 2, 3].map((k) => ({ type: 'list_item', content: [para(text(`Point ${k} of chapter ${n}`))] })) });
  content.push({ type: 'table', content: Array.from({ length: 10 }, (_, r) => ({ type: 'table_row', content: [cell(`Row ${r}`), cell('twenty per cent | of beds'), cell('another cell of text')] })) });
  return { doc: { type: 'doc', content }, words: words + 130 };
}

/** Builds the paper in a fresh database and exports it `repeats` times. */
export async function runExportBench({ quick, repeats }: { quick: boolean; repeats: number }): Promise<ExportBenchResult> {
  const chapters = Array.from({ length: quick ? 10 : CHAPTERS }, (_, i) => chapter(i + 1));
  const words = chapters.reduce((sum, c) => sum + c.words, 0);
  return withInProcessPaper({ title: 'Bench paper', subtitle: 'Exported' }, chapters.map((c) => c.doc), async ({ db, quire, paperId }) => {
    const cover = { title: 'Bench paper', subtitle: 'Exported', organisation: 'Bench Trust', coverDate: '2026-03-31', editedBy: 'Bench Editor', summary: 'One\nTwo', acknowledgements: 'Thanks.' };
    const result: ExportBenchResult = { chapters: chapters.length, words, htmlBytes: 0, markdownBytes: 0, assembleMs: [], htmlMs: [], markdownMs: [], longestTurnMs: [] };
    for (let r = 0; r < repeats; r++) {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      let t = performance.now();
      const doc = await assembleExport({ db, paper: cover, source: liveSource(db, quire.collab, paperId, '2026-03-31'), scope: { kind: 'paper' } });
      result.assembleMs.push(performance.now() - t);
      t = performance.now();
      const html = writeHtml(doc);
      result.htmlMs.push(performance.now() - t);
      await new Promise((resolve) => setImmediate(resolve));
      t = performance.now();
      const markdown = writeMarkdown(doc);
      result.markdownMs.push(performance.now() - t);
      await new Promise((resolve) => setImmediate(resolve));
      delay.disable();
      result.longestTurnMs.push(delay.max / 1e6);
      result.htmlBytes = Buffer.byteLength(html);
      result.markdownBytes = Buffer.byteLength(markdown);
    }
    return result;
  });
}

/** The scenario's markdown table. */
export function exportBenchTable(r: ExportBenchResult): string {
  return [
    `### Export: ${r.chapters} chapters, ${r.words.toLocaleString('en-GB')} words with tables, in process (median of ${r.assembleMs.length})`,
    '',
    '| assemble ms | HTML write ms | HTML total ms | HTML kB | Markdown write ms | Markdown kB | longest event-loop turn ms |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${median(r.assembleMs).toFixed(0)} | ${median(r.htmlMs).toFixed(0)} | ${(median(r.assembleMs) + median(r.htmlMs)).toFixed(0)} | ${(r.htmlBytes / 1024).toFixed(0)} | ${median(r.markdownMs).toFixed(0)} | ${(r.markdownBytes / 1024).toFixed(0)} | ${median(r.longestTurnMs).toFixed(1)} |`,
  ].join('\n');
}
