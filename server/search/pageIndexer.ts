/**
 * Keeps the search index fresh. A page's text is re-read and re-indexed a short while after its
 * edits are stored ('page:stored', debounced per page, and never more than maxWaitMs behind while
 * edits keep coming); a change to a paper's tree ('tree:changed': new page, rename, template or
 * imported pages) indexes that paper's new pages and new titles. Trash, restore and edit times
 * need no work here: migration 015's triggers copy them into the page's index row in the same
 * transaction; status, labels and membership are read live by the search query. On start a
 * catch-up puts right any index row whose copied fields differ from its page, and indexes every
 * page whose body changed since it was indexed, or was never indexed (after a crash, or on first
 * run). Pages are indexed one at a time, so a burst of edits never loads many documents at once.
 */
import type { Db } from '../store/database.js';
import type { AppEvents } from '../events.js';
import { pageDocOfState } from '../history/pageText.js';
import { SearchIndex, type StalePage } from './searchIndex.js';

/** Where the indexer reads a page's live text: the collab server, or anything with the same method. */
export interface PageStates {
  currentState(pageId: string): Promise<Uint8Array>;
}

export interface PageIndexerDeps {
  db: Db;
  events: AppEvents;
  states: PageStates;
  log?: (...args: unknown[]) => void;
  /** Quiet time after the last edit of a page before it is re-indexed. */
  debounceMs?: number;
  /** Longest a page waits while edits keep coming. */
  maxWaitMs?: number;
}

interface Waiting {
  timer: NodeJS.Timeout;
  firstAt: number;
}

/** The plain text of a page state, one block per line, as the index stores it. */
export function pageTextOfState(state: Uint8Array): string {
  const doc = pageDocOfState(state);
  return doc.textBetween(0, doc.content.size, '\n', ' ');
}

/** Re-indexes pages as they change; one per app, stopped by app.close(). */
export class PageIndexer {
  readonly index: SearchIndex;
  /** Pages indexed since start (tests and the benchmark read it). */
  indexed = 0;
  private readonly waiting = new Map<string, Waiting>();
  private readonly due = new Set<string>();
  /** Papers whose tree changed, checked together once the current event-loop turn is done. */
  private readonly papersToSync = new Set<string>();
  private syncTimer: NodeJS.Immediate | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly log: (...args: unknown[]) => void;

  constructor(private readonly deps: PageIndexerDeps) {
    this.index = new SearchIndex(deps.db);
    this.debounceMs = deps.debounceMs ?? 1_000;
    this.maxWaitMs = deps.maxWaitMs ?? 3_000;
    this.log = deps.log ?? console.error;
    const onEdited = (_paperId: string, pageId: string) => this.schedule(pageId);
    const onTree = (paperId: string) => this.syncPaper(paperId);
    deps.events.on('page:stored', onEdited);
    deps.events.on('tree:changed', onTree);
    this.unsubscribe = () => {
      deps.events.off('page:stored', onEdited);
      deps.events.off('tree:changed', onTree);
    };
  }

  /** Indexes every page that is missing from the index or changed since (in the background). */
  catchUp(): void {
    try {
      const repaired = this.index.repairFields();
      if (repaired) this.log(`search: put right the paper, trash flag or recency of ${repaired} indexed pages`);
    } catch (err) {
      this.log('search: could not check the index', err);
    }
    this.syncPages(() => this.index.stalePages());
  }

  /** Resolves once nothing is waiting or being indexed (for tests and the benchmark). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.due.size && !this.stopped) this.running = this.drain();
      else return;
    }
  }

  /** Stops listening and waits for the page being indexed, if any; edits after this are caught up on the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    if (this.syncTimer) clearImmediate(this.syncTimer);
    this.syncTimer = null;
    this.papersToSync.clear();
    for (const waiting of this.waiting.values()) clearTimeout(waiting.timer);
    this.waiting.clear();
    this.due.clear();
    await this.running;
  }

  /** Re-indexes a page after a quiet moment, or at most maxWaitMs after the first edit of a burst. */
  private schedule(pageId: string): void {
    if (this.stopped) return;
    const now = Date.now();
    const waiting = this.waiting.get(pageId);
    if (waiting) clearTimeout(waiting.timer);
    const firstAt = waiting?.firstAt ?? now;
    const delay = Math.max(0, Math.min(this.debounceMs, firstAt + this.maxWaitMs - now));
    const timer = setTimeout(() => {
      this.waiting.delete(pageId);
      this.enqueue(pageId);
    }, delay);
    timer.unref();
    this.waiting.set(pageId, { timer, firstAt });
  }

  /**
   * Brings a paper's titles up to date and queues its pages whose text is stale, just after the
   * request that changed the tree (several changes in one turn are checked once).
   */
  private syncPaper(paperId: string): void {
    if (this.stopped) return;
    this.papersToSync.add(paperId);
    this.syncTimer ??= setImmediate(() => {
      this.syncTimer = null;
      const papers = [...this.papersToSync];
      this.papersToSync.clear();
      if (!this.stopped) for (const id of papers) this.syncPages(() => this.index.newOrRenamedPages(id));
    });
  }

  private syncPages(stale: () => StalePage[]): void {
    try {
      for (const page of stale()) {
        if (page.body || !this.index.writeTitle(page.pageId, page.title)) this.enqueue(page.pageId);
      }
    } catch (err) {
      this.log('search: could not check the index', err);
    }
  }

  private enqueue(pageId: string): void {
    if (this.stopped) return;
    this.due.add(pageId);
    this.running ??= this.drain();
  }

  /** Indexes due pages one at a time until none is left. */
  private async drain(): Promise<void> {
    try {
      while (!this.stopped && this.due.size) {
        const pageId = this.due.values().next().value!;
        this.due.delete(pageId);
        await this.indexPage(pageId);
        // Let requests in between pages: a catch-up of many pages must not hold the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = null;
    }
  }

  private async indexPage(pageId: string): Promise<void> {
    try {
      // The version is read before the text, so the text holds at least that version.
      const bodyVersion = this.index.bodyVersion(pageId);
      if (bodyVersion === null) return this.index.remove(pageId);
      const body = pageTextOfState(await this.deps.states.currentState(pageId));
      const title = this.index.pageTitle(pageId);
      if (title === null) return this.index.remove(pageId);
      if (this.index.write({ pageId, title, body, bodyVersion })) this.indexed += 1;
    } catch (err) {
      // A page whose text cannot be read keeps its old row; the next edit or start tries again.
      this.log('search: could not index page', pageId, err);
    }
  }
}
