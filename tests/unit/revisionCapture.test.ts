/**
 * The capture policy on a simulated clock: a revision once editing has been quiet for the quiet
 * interval, at least every max interval during continuous editing, and a "revisions:changed"
 * event for each; none while nothing changes.
 */
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { openDatabase, type Db } from '../../server/store/database.js';
import { AppEvents } from '../../server/events.js';
import { RevisionCapture, type StoredPageDoc } from '../../server/history/capture.js';
import { HistoryThread } from '../../server/history/historyThread.js';
import { seedPaper } from '../helpers/seed.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

let db: Db;
let pageId: string;
let paperId: string;
let doc: Y.Doc;
let capture: RevisionCapture;
let changed: string[];

beforeEach(() => {
  vi.useFakeTimers();
  db = openDatabase(':memory:');
  ({ pageId, paperId } = seedPaper(db));
  doc = new Y.Doc();
  const events = new AppEvents();
  changed = [];
  events.on('revisions:changed', (_paper, page) => changed.push(page));
  const page = (): StoredPageDoc => ({ doc, updatesUpto: 1, release: () => {} });
  const timings = () => ({ revisionQuietMs: MINUTE, revisionMaxMs: 10 * MINUTE });
  // Measured in this thread: a worker would answer on the real clock, not the simulated one.
  capture = new RevisionCapture(db, events, { current: async () => page(), live: () => page() }, timings, () => {}, Date.now, new HistoryThread(() => {}, Infinity));
});

afterEach(async () => {
  await capture.stop();
  vi.useRealTimers();
  db.close();
});

/** One edit to the page, as the write queue reports it after storing. */
function edit(text = 'word'): void {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(FRAGMENT_NAME).push([p]);
  capture.edited(pageId, paperId);
}

const count = () => capture.store.all(pageId).length;

describe('the capture policy', () => {
  it('takes a revision a quiet minute after the last edit, not a minute after the first', async () => {
    edit();
    await vi.advanceTimersByTimeAsync(40 * SECOND);
    edit();
    await vi.advanceTimersByTimeAsync(40 * SECOND);
    expect(count()).toBe(0);
    await vi.advanceTimersByTimeAsync(21 * SECOND);
    expect(count()).toBe(1);
    expect(changed).toEqual([pageId]);
    // Quiet from now on: nothing more.
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(count()).toBe(1);
  });

  it('takes one at least every ten minutes while edits never pause for a minute', async () => {
    const takenAt: number[] = [];
    const start = Date.now();
    for (let t = 0; t < 25 * MINUTE; t += 20 * SECOND) {
      edit(`word at ${t}`);
      await vi.advanceTimersByTimeAsync(20 * SECOND);
      if (count() > takenAt.length) takenAt.push(Date.now() - start);
    }
    // Each ten minutes after the first edit since the previous revision.
    expect(takenAt).toEqual([10 * MINUTE, 20 * MINUTE]);
  });

  it('takes one when the last writer leaves, only if something changed', async () => {
    capture.writersLeft(pageId);
    await vi.advanceTimersByTimeAsync(0);
    expect(count()).toBe(0);
    edit();
    capture.writersLeft(pageId);
    await vi.advanceTimersByTimeAsync(0);
    expect(count()).toBe(1);
    // The quiet timer that edit started finds nothing new to keep.
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(count()).toBe(1);
  });
});
