/**
 * The editor's dashboard: every live page of a paper in reading order with its section number,
 * status, assignees, words, last edit, open comments and labels, and a summary of them. Words come
 * from each page's current text (the live room's doc when open), counted as the history counts
 * them; decoding fifty long pages on every refresh would be slow, so counts are cached by the
 * page's last-edited time, which the collab server moves on every burst of edits.
 */
import type { Db } from '../store/database.js';
import type { PageView } from '../../shared/api.js';
import { orderedTree } from '../../shared/tree.js';
import { summarise, type DashboardRow, type DashboardView } from '../../shared/dashboard.js';
import { livePageViews } from '../store/pages.js';
import { countWords, pageDocOfState } from '../history/pageText.js';

/** Where a page's current text comes from (the collab server's currentState). */
export interface PageStates {
  currentState(pageId: string): Promise<Uint8Array>;
}

/** How many pages' counts one cache remembers before forgetting the oldest. */
const CACHE_LIMIT = 20_000;

/** Word counts of pages, remembered until the page is edited again. One per app, passed in. */
export class WordCountCache {
  private readonly counts = new Map<string, { stamp: string; words: number }>();
  /** How many counts were computed (not served from the cache); the benchmark and tests read it. */
  computed = 0;

  constructor(private readonly states: PageStates) {}

  /** The words on a page now; decoded only when the page changed since it was last counted. */
  async words(page: PageView): Promise<number> {
    const stamp = page.lastEditedAt ?? page.createdAt;
    const cached = this.counts.get(page.id);
    if (cached && cached.stamp === stamp) return cached.words;
    let words = 0;
    try {
      words = countWords(pageDocOfState(await this.states.currentState(page.id)));
    } catch {
      // A page whose text cannot be read counts as empty rather than failing the whole table.
      return cached?.words ?? 0;
    }
    this.computed += 1;
    this.counts.delete(page.id);
    this.counts.set(page.id, { stamp, words });
    if (this.counts.size > CACHE_LIMIT) this.counts.delete(this.counts.keys().next().value!);
    return words;
  }
}

/** The dashboard of a paper: rows in tree order and their summary. */
export async function paperDashboard(db: Db, paperId: string, wordCounts: WordCountCache): Promise<DashboardView> {
  const rows: DashboardRow[] = [];
  for (const { page, depth, number } of orderedTree(livePageViews(db, paperId))) {
    rows.push({
      pageId: page.id,
      number,
      title: page.title,
      depth,
      status: page.status,
      statusSetBy: page.statusSetBy,
      statusSetAt: page.statusSetAt,
      assignees: page.assignees,
      words: await wordCounts.words(page),
      lastEditedBy: page.lastEditedBy,
      lastEditedAt: page.lastEditedAt,
      openComments: page.openComments,
      labels: page.labels,
    });
  }
  return { rows, summary: summarise(rows) };
}
