/**
 * Who last edited a page, throttled: pages.last_edited_by/_at and the 'page:edited' event are
 * written at most once per interval per page. The first edit of a burst goes into the update batch's
 * own transaction; later ones wait for a trailing write, so the last editor is never lost.
 */
import type { AppEvents } from '../events.js';
import type { PageBodyStore } from '../store/pageBodies.js';
import type { Log } from './options.js';

interface PageMark {
  lastWrite: number;
  deferred: { paperId: string; userId: string } | null;
  timer: NodeJS.Timeout | null;
}

/** Throttles last-edited writes and events per page. */
export class LastEdited {
  private readonly pages = new Map<string, PageMark>();

  constructor(
    private readonly store: PageBodyStore,
    private readonly events: AppEvents,
    private readonly throttleMs: () => number,
    private readonly log: Log,
  ) {}

  /** Whether an edit of this page now should be written in the current batch. */
  due(pageId: string, now: number): boolean {
    const mark = this.pages.get(pageId);
    return !mark || now - mark.lastWrite >= this.throttleMs();
  }

  /** After a commit that included the mark: remember the time and tell the other layers. */
  written(pageId: string, paperId: string, userId: string, now: number): void {
    const mark = this.pages.get(pageId);
    if (mark) {
      mark.lastWrite = now;
      mark.deferred = null;
      if (mark.timer) clearTimeout(mark.timer);
      mark.timer = null;
    } else {
      this.pages.set(pageId, { lastWrite: now, deferred: null, timer: null });
    }
    this.emit(paperId, pageId, userId);
  }

  /** After a commit whose edit was throttled: write it when the interval ends. */
  defer(pageId: string, paperId: string, userId: string): void {
    const mark = this.pages.get(pageId);
    if (!mark) return;
    mark.deferred = { paperId, userId };
    if (!mark.timer) {
      mark.timer = setTimeout(() => this.flush(pageId), Math.max(0, mark.lastWrite + this.throttleMs() - Date.now()));
      mark.timer.unref();
    }
  }

  /** Writes a deferred mark now (room unloading, server closing); forgets the page if `forget`. */
  flush(pageId: string, forget = false): void {
    const mark = this.pages.get(pageId);
    if (!mark) return;
    if (mark.timer) clearTimeout(mark.timer);
    mark.timer = null;
    const deferred = mark.deferred;
    mark.deferred = null;
    if (forget) this.pages.delete(pageId);
    if (!deferred) return;
    const now = Date.now();
    try {
      this.store.markEdited([{ pageId, userId: deferred.userId, at: new Date(now).toISOString() }]);
      mark.lastWrite = now;
      this.emit(deferred.paperId, pageId, deferred.userId);
    } catch (err) {
      this.log('collab: could not record the last edit', pageId, err);
    }
  }

  /** Writes every deferred mark now. */
  flushAll(): void {
    for (const pageId of [...this.pages.keys()]) this.flush(pageId, true);
  }

  private emit(paperId: string, pageId: string, userId: string): void {
    try {
      this.events.emit('page:edited', paperId, pageId, userId);
    } catch (err) {
      this.log('collab: a page:edited listener failed', err);
    }
  }
}
