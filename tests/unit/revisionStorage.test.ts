/**
 * Revisions in storage: each rebuilt exactly from its checkpoint and the deltas after it (across
 * several checkpoints), deltas far smaller than whole states, "nothing changed" detected from
 * storage, contributors from recorded client ids and deletions, and attribution read back.
 */
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { openDatabase, type Db } from '../../server/store/database.js';
import { PageBodyStore } from '../../server/store/pageBodies.js';
import { RevisionStore } from '../../server/history/revisionStore.js';
import { CHECKPOINT_EVERY, captureState, takeRevision, type TakeOptions } from '../../server/history/revisions.js';
import { HistoryThread } from '../../server/history/historyThread.js';
import { decodeDeleteRanges, encodeDeleteRanges, loadAttribution } from '../../server/history/attributionStore.js';
import { pageDocOfState } from '../../server/history/pageText.js';
import { seedPaper, seedUser } from '../helpers/seed.js';

let db: Db;
let store: RevisionStore;
let pageId: string;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = new RevisionStore(db);
  ({ pageId } = seedPaper(db));
});
afterEach(() => db.close());

const paragraphs = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT_NAME);
function addParagraph(doc: Y.Doc, text: string): void {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  paragraphs(doc).insert(paragraphs(doc).length, [p]);
}
const textOf = (state: Uint8Array) => pageDocOfState(state).textContent;
// The measuring runs in this thread here: the worker is the integration tests' business.
const thread = new HistoryThread(() => {}, Infinity);
/** Takes a revision of the page as `doc` holds it. */
const take = (doc: Y.Doc, updatesUpto: number, opts: TakeOptions = { kind: 'auto' }) => takeRevision(db, store, thread, pageId, captureState(db, pageId, doc, updatesUpto), opts);

describe('revision storage', () => {
  it('rebuilds every revision exactly across checkpoints, storing small deltas between them', async () => {
    const doc = new Y.Doc();
    const expected: string[] = [];
    const total = CHECKPOINT_EVERY * 2 + 5;
    for (let i = 0; i < total; i++) {
      addParagraph(doc, `Paragraph ${i} of the briefing, with a few more words in it.`);
      // Now and then delete an older paragraph, so deltas carry deletions too.
      if (i % 7 === 6) paragraphs(doc).delete(1, 1);
      const revision = await take(doc, i + 1);
      expect(revision?.number).toBe(i + 1);
      expected.push(paragraphs(doc).toArray().map((p) => (p as Y.XmlElement).toArray().map((t) => (t as Y.XmlText).toString()).join('')).join(''));
    }
    const rows = db.prepare('SELECT number, checkpoint, length(state) AS bytes FROM page_revisions WHERE page_id = ? ORDER BY number').all(pageId) as { number: number; checkpoint: number; bytes: number }[];
    expect(rows.filter((r) => r.checkpoint === 1).map((r) => r.number)).toEqual([1, CHECKPOINT_EVERY + 1, 2 * CHECKPOINT_EVERY + 1]);
    const last = Y.encodeStateAsUpdate(doc).length;
    for (const row of rows.filter((r) => r.checkpoint === 0)) expect(row.bytes).toBeLessThan(last / 4);
    for (let n = 1; n <= total; n++) expect(textOf(store.state(pageId, n)), `revision ${n}`).toBe(expected[n - 1]);
  });

  it('takes nothing when nothing changed, even after a reload of the same state, and counts a deletion alone as a change', async () => {
    const doc = new Y.Doc();
    addParagraph(doc, 'Alpha beta gamma');
    addParagraph(doc, 'Delta');
    expect(await take(doc, 1)).not.toBeNull();
    const reloaded = new Y.Doc({ gc: true });
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc));
    expect(await take(reloaded, 1)).toBeNull();
    // A deletion moves no state vector, only the delete set.
    paragraphs(reloaded).delete(1, 1);
    const after = await take(reloaded, 2);
    expect(after).toMatchObject({ number: 2, wordsAdded: 0, wordsRemoved: 1, words: 3 });
  });

  it('names as contributors the members whose client ids advanced or who deleted since the previous revision', async () => {
    const bodies = new PageBodyStore(db);
    const ada = seedUser(db, { name: 'Ada' }).userId;
    const bo = seedUser(db, { name: 'Bo' }).userId;
    const adaDoc = new Y.Doc();
    const boDoc = new Y.Doc();
    const sync = () => {
      Y.applyUpdate(boDoc, Y.encodeStateAsUpdate(adaDoc));
      Y.applyUpdate(adaDoc, Y.encodeStateAsUpdate(boDoc));
    };
    const rowFor = (doc: Y.Doc, before: Uint8Array, userId: string, deletions?: number[]) => ({
      pageId,
      data: Y.encodeStateAsUpdate(doc, before),
      userId,
      newClients: [doc.clientID],
      deletions: deletions ? encodeDeleteRanges(deletions) : undefined,
    });
    let sv = Y.encodeStateVector(adaDoc);
    addParagraph(adaDoc, 'Written by Ada');
    bodies.append([rowFor(adaDoc, sv, ada)]);
    sync();
    const first = (await take(adaDoc, 1))!;
    expect(first.contributors).toEqual([ada]);

    // Bo only deletes Ada's paragraph: no clock of his advances, but his deletion is recorded.
    const target = paragraphs(boDoc).get(0) as Y.XmlElement;
    const deleted = [target._item!.id.client, target._item!.id.clock, 1];
    sv = Y.encodeStateVector(boDoc);
    paragraphs(boDoc).delete(0, 1);
    bodies.append([rowFor(boDoc, sv, bo, deleted)]);
    sync();
    const second = (await take(boDoc, 2))!;
    expect(second.contributors).toEqual([bo]);

    const who = loadAttribution(db, pageId);
    expect(who.inserter(adaDoc.clientID)).toBe(ada);
    expect(who.deleter(deleted[0], deleted[1])).toBe(bo);
    expect(who.deleter(deleted[0], deleted[1] + 1)).toBeNull();
    expect(who.inserter(12345)).toBeNull();
  });

  it('folds the deletion rows between two revisions into one per member, keeping who deleted what', async () => {
    const bodies = new PageBodyStore(db);
    const ada = seedUser(db, { name: 'Ada' }).userId;
    const bo = seedUser(db, { name: 'Bo' }).userId;
    const doc = new Y.Doc();
    addParagraph(doc, 'abcdefghij');
    const text = (paragraphs(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const first = text._start!.id;
    bodies.append([{ pageId, data: Y.encodeStateAsUpdate(doc), userId: ada, newClients: [doc.clientID] }]);
    await take(doc, 1);
    // Keystroke-sized deletions, one row each: Ada deletes "a" and "b", Bo "e" then "f", Ada "j".
    const rows: [string, number][] = [[ada, 0], [ada, 1], [bo, 4], [bo, 5], [ada, 9]];
    for (const [user, offset] of rows) bodies.append([{ pageId, data: new Uint8Array([0, 0]), userId: user, deletions: encodeDeleteRanges([first.client, first.clock + offset, 1]) }]);
    text.delete(0, 2);
    text.delete(2, 2);
    text.delete(5, 1);
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM page_deletions WHERE page_id = ?').get(pageId) as { n: number }).n;
    expect(count()).toBe(5);
    const second = (await take(doc, 6))!;
    expect(count()).toBe(2);
    expect(second.contributors.sort()).toEqual([ada, bo].sort());
    const who = loadAttribution(db, pageId);
    expect([0, 1, 4, 5, 9].map((offset) => who.deleter(first.client, first.clock + offset))).toEqual([ada, ada, bo, bo, ada]);
    expect(who.deleter(first.client, first.clock + 2)).toBeNull();
    // Bo deleted nothing since: the next revision names only Ada, who typed (the doc is her client).
    addParagraph(doc, 'more');
    expect((await take(doc, 7))!.contributors).toEqual([ada]);
  });

  it('encodes deletion ranges compactly and reads them back', () => {
    const ranges = [1, 0, 5, 4_000_000_000, 77, 1, 2, 300, 12];
    const bytes = encodeDeleteRanges(ranges);
    expect(decodeDeleteRanges(bytes)).toEqual(ranges);
    expect(bytes.length).toBeLessThan(ranges.length * 3);
  });
});
