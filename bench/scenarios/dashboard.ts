/**
 * The editor's dashboard of a big paper: 50 chapters of about 3,000 words each, read in this
 * process through Quire's own path (domain/dashboard.ts, word counts from each page's state via
 * the collab server). We time three refreshes: cold (every page decoded and counted), warm (every
 * count from the cache, as on most live refreshes), and after one chapter was edited (one page
 * counted again). The cache is what keeps a live dashboard cheap; this shows by how much.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../server/store/database.js';
import { readConfig } from '../../server/config.js';
import { createApp } from '../../server/app.js';
import { createPaper } from '../../server/domain/papers.js';
import { createPage } from '../../server/domain/tree.js';
import { initialPageState } from '../../server/collab/initialState.js';
import { paperDashboard, WordCountCache } from '../../server/domain/dashboard.js';
import { newId, nowIso } from '../../server/store/ids.js';
import type { DocJSON } from '../../shared/schema.js';

const CHAPTERS = 50;
const WORDS_PER_CHAPTER = 3000;
const WORDS = 'the integrated care board agreed that discharge planning should start on admission with shared records and a named coordinator'.split(' ');

export interface DashboardBenchResult {
  chapters: number;
  words: number;
  coldMs: number[];
  warmMs: number[];
  oneEditedMs: number[];
}

/** One chapter of WORDS_PER_CHAPTER words in paragraphs of 100. */
function chapterDoc(): DocJSON {
  const content = Array.from({ length: WORDS_PER_CHAPTER / 100 }, (_, p) => ({
    type: 'paragraph',
    content: [{ type: 'text', text: Array.from({ length: 100 }, (_, k) => WORDS[(p + k) % WORDS.length]).join(' ') }],
  }));
  return { type: 'doc', content };
}

/** Builds the paper in a fresh database and times the dashboard `repeats` times each way. */
export async function runDashboardBench({ quick, repeats }: { quick: boolean; repeats: number }): Promise<DashboardBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-dashboard-'));
  const db = openDatabase(join(dir, 'quire.sqlite'));
  const config = readConfig({ QUIRE_DATA_DIR: dir }, { port: 0, host: '127.0.0.1' });
  const quire = createApp({ db, config, log: () => {} });
  try {
    const userId = newId();
    db.prepare('INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(userId, 'Bench Editor', 'bench@example.org', 'x', nowIso());
    const actor = { id: userId, name: 'Bench Editor' };
    const paper = createPaper(db, actor, { title: 'Bench paper', subtitle: '', description: '' });
    const chapters = quick ? 10 : CHAPTERS;
    const state = Buffer.from(initialPageState(chapterDoc()));
    const pageIds: string[] = [];
    for (let n = 1; n <= chapters; n++) {
      const page = createPage(db, { paperId: paper.id, actor, title: `Chapter ${n}`, parentId: null });
      db.prepare('UPDATE page_snapshots SET state = ? WHERE page_id = ?').run(state, page.id);
      pageIds.push(page.id);
    }
    const result: DashboardBenchResult = { chapters, words: 0, coldMs: [], warmMs: [], oneEditedMs: [] };
    const time = async (cache: WordCountCache) => {
      const start = performance.now();
      const view = await paperDashboard(db, paper.id, cache);
      result.words = view.summary.words;
      return performance.now() - start;
    };
    for (let r = 0; r < repeats; r++) {
      const cache = new WordCountCache(quire.collab);
      result.coldMs.push(await time(cache));
      result.warmMs.push(await time(cache));
      // An edit moves the page's last-edited time, which is what the cache is keyed by.
      db.prepare('UPDATE pages SET last_edited_at = ? WHERE id = ?').run(`${nowIso()}#${r}`, pageIds[r % pageIds.length]);
      result.oneEditedMs.push(await time(cache));
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
export function dashboardBenchTable(r: DashboardBenchResult): string {
  return [
    `### Editor's dashboard: ${r.chapters} chapters, ${r.words.toLocaleString('en-GB')} words, in process (median of ${r.coldMs.length})`,
    '',
    '| cold ms (all counted) | warm ms (all cached) | one chapter edited ms |',
    '| ---: | ---: | ---: |',
    `| ${median(r.coldMs).toFixed(1)} | ${median(r.warmMs).toFixed(1)} | ${median(r.oneEditedMs).toFixed(1)} |`,
  ].join('\n');
}
