/**
 * The editor's dashboard of a big paper: 50 chapters of about 3,000 words each, read in this
 * process through Quire's own path (domain/dashboard.ts, word counts from each page's state via
 * the collab server). We time three refreshes: cold (every page decoded and counted), warm (every
 * count from the cache, as on most live refreshes), and after one chapter was edited (one page
 * counted again). The cache is what keeps a live dashboard cheap; this shows by how much.
 */
import { performance } from 'node:perf_hooks';
import { paperDashboard, WordCountCache } from '../../server/domain/dashboard.js';
import { nowIso } from '../../server/store/ids.js';
import { median, withInProcessPaper } from '../load/inProcessPaper.js';
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
  const chapters = Array.from({ length: quick ? 10 : CHAPTERS }, () => chapterDoc());
  return withInProcessPaper({ title: 'Bench paper' }, chapters, async ({ db, quire, paperId, pageIds }) => {
    const result: DashboardBenchResult = { chapters: chapters.length, words: 0, coldMs: [], warmMs: [], oneEditedMs: [] };
    const time = async (cache: WordCountCache) => {
      const start = performance.now();
      const view = await paperDashboard(db, paperId, cache);
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
  });
}

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
