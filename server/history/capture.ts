/**
 * When revisions are taken automatically, per page, inside the collab server: once editing has
 * been quiet for `quietMs` after the last stored edit; during continuous editing at least every
 * `maxMs` after the first edit since the previous revision; and when the last writer leaves the
 * page, before its room unloads and when the server shuts down, if anything changed. A revision
 * is never taken when nothing changed (takeRevision compares with the newest one in storage), and
 * a page loaded with stored changes its newest revision lacks (after a crash) counts as edited.
 *
 * The write path only notes the time of an edit; one timer per edited page does the rest. Taking
 * a revision reads the page's state at once (milliseconds) and measures the change in the history
 * thread (historyThread.ts), so a long page does not stall the rooms.
 */
import type * as Y from 'yjs';
import type { AppEvents } from '../events.js';
import type { Db } from '../store/database.js';
import type { Log } from '../collab/options.js';
import { HistoryThread } from './historyThread.js';
import { RevisionStore, type RevisionMeta } from './revisionStore.js';
import { captureState, changedSinceLatest, takeRevision, type CapturedState, type TakeOptions } from './revisions.js';

/** A page as stored, with a release function for a doc made just for this (null for a live room's doc). */
export interface StoredPageDoc {
  doc: Y.Doc;
  updatesUpto: number;
  release(): void;
}

/** How capture reaches pages: the collab server's live rooms, or storage. */
export interface PageSource {
  /** The page as stored now: a live room's doc after storing its pending writes, or a doc read from storage. */
  current(pageId: string): Promise<StoredPageDoc>;
  /** The same for a page whose room is live, synchronously; null if it is not. */
  live(pageId: string): StoredPageDoc | null;
}

/** The capture timings (CollabOptions). */
export interface CaptureTimings {
  revisionQuietMs: number;
  revisionMaxMs: number;
}

interface PageClock {
  paperId: string;
  /** When the first edit since the previous revision was stored. */
  firstEditAt: number;
  lastEditAt: number;
  timer: NodeJS.Timeout | null;
}

/** Timings are read on every use, so a test may shorten them on a running server. */
export class RevisionCapture {
  readonly store: RevisionStore;
  /** The worker thread that measures changes, diffs versions and rebuilds documents. */
  readonly thread: HistoryThread;
  /** Milliseconds the server's thread spent reading the state for each of the last revisions. */
  readonly captureMs: number[] = [];
  private readonly edited_ = new Map<string, PageClock>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly events: AppEvents,
    private readonly source: PageSource,
    private readonly timings: () => CaptureTimings,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
    thread?: HistoryThread,
  ) {
    this.store = new RevisionStore(db);
    this.thread = thread ?? new HistoryThread(log);
  }

  /** A stored edit of a page (called by the write queue after each commit with rows: keep it cheap). */
  edited(pageId: string, paperId: string): void {
    const now = this.now();
    const clock = this.edited_.get(pageId);
    if (clock) {
      clock.lastEditAt = now;
      return;
    }
    const fresh: PageClock = { paperId, firstEditAt: now, lastEditAt: now, timer: null };
    this.edited_.set(pageId, fresh);
    this.arm(pageId, fresh);
  }

  /** Whether the page has edits no revision holds yet (as far as this process knows). */
  pending(pageId: string): boolean {
    return this.edited_.has(pageId);
  }

  /** A room was loaded: if storage holds changes its newest revision lacks (a crash), count them as an edit. */
  loaded(pageId: string, paperId: string, doc: Y.Doc, updatesUpto: number): void {
    const latest = this.store.latest(pageId);
    if (latest ? updatesUpto <= latest.updatesUpto : updatesUpto === 0) return;
    if (changedSinceLatest(this.store, pageId, doc)) this.edited(pageId, paperId);
  }

  /** The last writer left a page: take a revision soon, after this turn, if it changed. */
  writersLeft(pageId: string): void {
    if (!this.edited_.has(pageId)) return;
    setImmediate(() => this.captureLive(pageId)?.catch((err) => this.log('history: could not take a revision', pageId, err)));
  }

  /**
   * Reads a live page's state now, if it has edits no revision holds (before its room unloads, at
   * shutdown), and takes the revision from it after any take under way; null if nothing is owed.
   */
  captureLive(pageId: string): Promise<RevisionMeta | null> | null {
    const clock = this.edited_.get(pageId);
    if (!clock) return null;
    const page = this.source.live(pageId);
    if (!page) return null;
    const captured = this.capture(pageId, page);
    return this.enqueue(pageId, clock.paperId, { kind: 'auto' }, () => captured);
  }

  /**
   * Takes a revision of a page now, live or stored; resolves to null if `opts.force` is unset and
   * nothing changed. Takes of one page run one after another.
   */
  take(pageId: string, paperId: string, opts: TakeOptions): Promise<RevisionMeta | null> {
    return this.enqueue(pageId, paperId, opts, async () => {
      if (this.stopped) throw new Error('The server is shutting down.');
      const page = await this.source.current(pageId);
      try {
        return this.capture(pageId, page);
      } finally {
        page.release();
      }
    });
  }

  /**
   * Takes the revisions owed by pages edited before the server last stopped without taking them
   * (a crash): storage holds updates beyond their newest revision. Runs once at start.
   */
  async sweep(): Promise<void> {
    for (const { pageId, paperId } of this.store.unrevisedPages()) {
      if (this.stopped) return;
      if (this.edited_.has(pageId)) continue;
      try {
        await this.take(pageId, paperId, { kind: 'auto' });
      } catch (err) {
        if (!this.stopped) this.log('history: could not take a revision owed since the last start', pageId, err);
      }
    }
  }

  /** Waits for every take under way. */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  /** Stops every timer and the history thread (the server is closing; call after settled()). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const clock of this.edited_.values()) if (clock.timer) clearTimeout(clock.timer);
    this.edited_.clear();
    await this.thread.close();
  }

  /** Tells the paper's sockets that a page's revision list changed. */
  emitChanged(paperId: string, pageId: string): void {
    try {
      this.events.emit('revisions:changed', paperId, pageId);
    } catch (err) {
      this.log('history: a revisions:changed listener failed', err);
    }
  }

  /** Reads the state a revision needs; what the page held is then on its way into a revision, so its clock starts again. */
  private capture(pageId: string, page: StoredPageDoc): CapturedState {
    const started = performance.now();
    const captured = captureState(this.db, pageId, page.doc, page.updatesUpto);
    this.captureMs.push(performance.now() - started);
    if (this.captureMs.length > 100) this.captureMs.shift();
    const clock = this.edited_.get(pageId);
    if (clock) {
      if (clock.timer) clearTimeout(clock.timer);
      this.edited_.delete(pageId);
    }
    return captured;
  }

  /** Runs one take of a page after the previous one has finished. */
  private enqueue(pageId: string, paperId: string, opts: TakeOptions, read: () => CapturedState | Promise<CapturedState>): Promise<RevisionMeta | null> {
    const run = async () => {
      const revision = await takeRevision(this.db, this.store, this.thread, pageId, await read(), opts);
      if (revision) this.emitChanged(paperId, pageId);
      return revision;
    };
    const previous = this.chains.get(pageId) ?? Promise.resolve();
    const next = previous.then(run, run);
    this.chains.set(pageId, next);
    const forget = () => {
      if (this.chains.get(pageId) === next) this.chains.delete(pageId);
    };
    next.then(forget, forget);
    return next;
  }

  private arm(pageId: string, clock: PageClock): void {
    const { revisionQuietMs, revisionMaxMs } = this.timings();
    const due = Math.min(clock.lastEditAt + revisionQuietMs, clock.firstEditAt + revisionMaxMs);
    clock.timer = setTimeout(() => this.fire(pageId, clock), Math.max(0, due - this.now()));
    clock.timer.unref();
  }

  private fire(pageId: string, clock: PageClock): void {
    clock.timer = null;
    if (this.edited_.get(pageId) !== clock) return;
    const { revisionQuietMs, revisionMaxMs } = this.timings();
    const now = this.now();
    if (now - clock.lastEditAt < revisionQuietMs && now - clock.firstEditAt < revisionMaxMs) {
      this.arm(pageId, clock);
      return;
    }
    this.take(pageId, clock.paperId, { kind: 'auto' }).catch((err) => {
      if (this.stopped) return;
      this.log('history: could not take a revision', pageId, err);
      // Try again later rather than lose the trigger.
      if (!this.edited_.has(pageId)) this.edited(pageId, clock.paperId);
    });
  }
}
