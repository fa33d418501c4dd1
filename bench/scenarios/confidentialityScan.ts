/**
 * Confidentiality scan of a big paper: 50 chapters of about 3,000 words each (paragraphs, a
 * bulleted list and a table per chapter, with a phone number, a postcode and now and then a valid
 * NHS number or a date of birth among them), scanned in this process through Quire's own path
 * (domain/confidentiality.ts reading each page from storage through the collab server). We
 * measure how long the whole scan takes and the longest the event loop was held in one turn while
 * it ran (Node's event-loop delay monitor), which is what other people's typing would wait for:
 * the scan gives the loop back between pages.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { findInPaper } from '../../server/domain/confidentiality.js';
import { median, withInProcessPaper } from '../load/inProcessPaper.js';
import type { DocJSON } from '../../shared/schema.js';

const CHAPTERS = 50;
const WORDS_PER_CHAPTER = 3000;
const WORDS = 'the integrated care board agreed that discharge planning should start on admission with shared records and a named coordinator for each person'.split(' ');

export interface ConfidentialityScanResult {
  chapters: number;
  words: number;
  findings: number;
  /** Each repeat's whole scan, in ms. */
  scanMs: number[];
  /** Each repeat's longest event-loop delay while scanning, in ms. */
  longestTurnMs: number[];
}

const text = (t: string) => ({ type: 'text', text: t });
const para = (t: string) => ({ type: 'paragraph', content: [text(t)] });

/** One chapter of about WORDS_PER_CHAPTER words, with some findings in it. */
function chapter(n: number): { doc: DocJSON; words: number } {
  const content: unknown[] = [{ type: 'heading', attrs: { level: 2 }, content: [text(`Findings of chapter ${n}`)] }];
  let words = 0;
  let i = 0;
  while (words < WORDS_PER_CHAPTER - 200) {
    const sentence = Array.from({ length: 100 }, (_, k) => WORDS[(i + k) % WORDS.length]).join(' ');
    i += 7;
    words += 100;
    content.push(para(i % 70 === 0 ? `${sentence}. Call the team on 020 7946 00${String(n % 100).padStart(2, '0')} or write to SW1A 1AA.` : `${sentence}.`));
  }
  content.push({ type: 'bullet_list', content: [{ type: 'list_item', content: [para(n % 10 === 0 ? 'Worked example: NHS number 943 476 5919.' : 'A point without identifiers.')] }] });
  const cell = (t: string) => ({ type: 'table_cell', content: [para(t)] });
  const rows = Array.from({ length: 10 }, (_, r) => ({ type: 'table_row', content: [cell(`Row ${r}`), cell(r === 5 && n % 5 === 0 ? 'born 12/03/1961' : 'a figure of twenty per cent'), cell('another cell of text')] }));
  content.push({ type: 'table', content: rows });
  return { doc: { type: 'doc', content }, words: words + 60 };
}

/** Builds the paper in a fresh database and scans it `repeats` times. */
export async function runConfidentialityScan({ quick, repeats }: { quick: boolean; repeats: number }): Promise<ConfidentialityScanResult> {
  const chapters = Array.from({ length: quick ? 10 : CHAPTERS }, (_, i) => chapter(i + 1));
  const words = chapters.reduce((sum, c) => sum + c.words, 0);
  return withInProcessPaper({ title: 'Bench paper' }, chapters.map((c) => c.doc), async ({ db, quire, paperId }) => {
    const result: ConfidentialityScanResult = { chapters: chapters.length, words, findings: 0, scanMs: [], longestTurnMs: [] };
    for (let r = 0; r < repeats; r++) {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const start = performance.now();
      const scan = await findInPaper(db, quire.collab, paperId);
      result.scanMs.push(performance.now() - start);
      delay.disable();
      result.longestTurnMs.push(delay.max / 1e6);
      result.findings = scan.findings.length;
    }
    return result;
  });
}

/** The scenario's markdown table. */
export function confidentialityScanTable(r: ConfidentialityScanResult): string {
  return [
    `### Confidentiality scan: ${r.chapters} chapters, ${r.words.toLocaleString('en-GB')} words, in process (median of ${r.scanMs.length})`,
    '',
    '| findings | whole scan ms | per chapter ms | longest event-loop turn ms |',
    '| ---: | ---: | ---: | ---: |',
    `| ${r.findings} | ${median(r.scanMs).toFixed(0)} | ${(median(r.scanMs) / r.chapters).toFixed(1)} | ${median(r.longestTurnMs).toFixed(1)} |`,
  ].join('\n');
}
