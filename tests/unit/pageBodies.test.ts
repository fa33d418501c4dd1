/** The page-body store: append, load, and compaction that keeps later updates. */
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/store/database.js';
import { PageBodyStore, type StoredPage } from '../../server/store/pageBodies.js';
import { seedPaper } from '../helpers/seed.js';

let db: Db;
let store: PageBodyStore;
let pageId: string;
let userId: string;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = new PageBodyStore(db);
  ({ pageId, userId } = seedPaper(db));
});
afterEach(() => db.close());

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

function textOf(stored: StoredPage): string {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const row of stored.updates) Y.applyUpdate(doc, row.data);
  return doc.getText('t').toString();
}

describe('PageBodyStore', () => {
  it('loads the initial snapshot with an empty log', async () => {
    const stored = await store.load(pageId);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.snapshotLastId).toBe(0);
    expect(stored.updates).toEqual([]);
  });

  it('appends updates in one transaction, returns their ids in order, and loads them back', async () => {
    const doc = new Y.Doc();
    const ids = store.append([
      { pageId, data: textUpdate(doc, 'one '), userId },
      { pageId, data: textUpdate(doc, 'two'), userId: null },
    ]);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBeGreaterThan(ids[0]);
    const stored = await store.load(pageId);
    expect(stored.updates.map((u) => u.id)).toEqual(ids);
    expect(textOf(stored)).toBe('one two');
  });

  it('writes last-edited marks with the batch, and NULL for a user that no longer exists', () => {
    const at = new Date().toISOString();
    store.append([], [{ pageId, userId, at }]);
    expect(db.prepare('SELECT last_edited_by, last_edited_at FROM pages WHERE id = ?').get(pageId)).toEqual({ last_edited_by: userId, last_edited_at: at });
    store.markEdited([{ pageId, userId: 'gone', at }]);
    expect(db.prepare('SELECT last_edited_by FROM pages WHERE id = ?').get(pageId)).toEqual({ last_edited_by: null });
  });

  it('rolls back the whole batch when one row fails', async () => {
    const doc = new Y.Doc();
    expect(() =>
      store.append([
        { pageId, data: textUpdate(doc, 'kept? '), userId },
        { pageId: 'no-such-page', data: textUpdate(doc, 'no'), userId },
      ]),
    ).toThrow();
    expect((await store.load(pageId)).updates).toEqual([]);
  });

  it('compacts up to an id and keeps updates that arrived after it', async () => {
    const doc = new Y.Doc();
    const first = store.append([1, 2, 3].map((i) => ({ pageId, data: textUpdate(doc, `${i} `), userId })));
    const read = await store.load(pageId);
    const merged = new Y.Doc();
    if (read.snapshot) Y.applyUpdate(merged, read.snapshot);
    for (const row of read.updates) Y.applyUpdate(merged, row.data);
    // An update lands between reading and writing the compaction.
    const late = store.append([{ pageId, data: textUpdate(doc, 'late'), userId }]);
    expect(store.compact(pageId, Y.encodeStateAsUpdate(merged), first[2], 3)).toBe(true);

    const after = await store.load(pageId);
    expect(after.snapshotLastId).toBe(first[2]);
    expect(after.updates.map((u) => u.id)).toEqual(late);
    expect(textOf(after)).toBe('1 2 3 late');
  });

  it('refuses to compact when the log holds rows the caller did not count', async () => {
    const doc = new Y.Doc();
    const ids = store.append([1, 2].map((i) => ({ pageId, data: textUpdate(doc, `${i}`), userId })));
    const before = await store.load(pageId);
    expect(store.compact(pageId, new Uint8Array([0, 0]), ids[1], 1)).toBe(false);
    expect(await store.load(pageId)).toEqual(before);
  });

  it('never moves a snapshot backwards', async () => {
    const doc = new Y.Doc();
    const ids = store.append([1, 2].map((i) => ({ pageId, data: textUpdate(doc, `${i}`), userId })));
    const full = await store.load(pageId);
    const state = (() => {
      const d = new Y.Doc();
      if (full.snapshot) Y.applyUpdate(d, full.snapshot);
      for (const row of full.updates) Y.applyUpdate(d, row.data);
      return Y.encodeStateAsUpdate(d);
    })();
    expect(store.compact(pageId, state, ids[1])).toBe(true);
    store.compact(pageId, new Uint8Array([0, 0]), ids[0]);
    const after = await store.load(pageId);
    expect(after.snapshotLastId).toBe(ids[1]);
    expect(textOf(after)).toBe('12');
  });
});
