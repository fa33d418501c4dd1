/**
 * Confidentiality scan of a big paper: 50 chapters of about 3,000 words each (paragraphs, a
 * bulleted list and a table per chapter, with a phone number, a postcode and now and then a valid
 * NHS number or a date of birth among them), scanned in this process through Quire's own path
 * (domain/confidentiality.ts reading each page from storage through the collab server). We
 * measure how long the whole scan takes and the longest the event loop was held in one turn while
 * it ran (Node's event-loop delay monitor), which is what other people's typing would wait for:
 * the scan gives the loop back between pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDatabase } from '../../server/store/database.js';
import { readConfig } from '../../server/config.js';
import { createApp } from '../../server/app.js';
import { createPaper } from '../../server/domain/papers.js';
import { createPage } from '../../server/domain/tree.js';
import { initialPageState } from '../../server/collab/initialState.js';
import { findInPaper } from '../../server/domain/confidentiality.js';
import { newId, nowIso } from '../../server/store/ids.js';
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
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-confidentiality-'));
  const db = openDatabase(join(dir, 'quire.sqlite'));
  const config = readConfig({ QUIRE_DATA_DIR: dir }, { port: 0, host: '127.0.0.1' });
  const quire = createApp({ db, config, log: () => {} });
  try {
    const userId = newId();
    db.prepare('INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(userId, 'Bench Editor', 'bench@example.org', 'x', nowIso());
    const actor = { id: userId, name: 'Bench Editor' };
    const paper = createPaper(db, actor, { title: 'Bench paper', subtitle: '', description: '' });
    const chapters = quick ? 10 : CHAPTERS;
    let words = 0;
    for (let n = 1; n <= chapters; n++) {
      const page = createPage(db, { paperId: paper.id, actor, title: `Chapter ${n}`, parentId: null });
      const body = chapter(n);
      words += body.words;
      // The chapter's text as its stored first state, as if its authors had written it.
      db.prepare('UPDATE page_snapshots SET state = ? WHERE page_id = ?').run(Buffer.from(initialPageState(body.doc)), page.id);
    }
    const result: ConfidentialityScanResult = { chapters, words, findings: 0, scanMs: [], longestTurnMs: [] };
    for (let r = 0; r < repeats; r++) {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const start = performance.now();
      const scan = await findInPaper(db, quire.collab, paper.id);
      result.scanMs.push(performance.now() - start);
      delay.disable();
      result.longestTurnMs.push(delay.max / 1e6);
      result.findings = scan.findings.length;
    }
    return result;
  } finally {
    await quire.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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
