/**
 * Compaction folds a page's logged updates into its snapshot: snapshot + updates up to id X
 * become one new snapshot, and updates <= X are deleted, in one transaction. Updates with a higher
 * id (arriving meanwhile) are kept, so nothing is ever lost. A room's doc, once every pending write
 * is stored, holds exactly the stored page, so encoding it is the cheap path (and garbage-collects
 * deleted text); if the log holds rows the room did not write, the page is rebuilt from storage.
 */
import * as Y from 'yjs';
import type { PageBodyStore } from '../store/pageBodies.js';
import type { Log } from './options.js';
import type { Room } from './room.js';

/** Folds a live room's log into a snapshot of its doc; call only when the room's writes are stored. */
export function compactRoom(store: PageBodyStore, room: Room, log: Log): void {
  if (room.destroyed || room.logRows === 0) return;
  if (!room.foreignWrites) {
    const upTo = room.lastStoredId;
    const state = encodeWithoutPending(room.doc);
    let done = false;
    try {
      done = store.compact(room.pageId, state, upTo, room.logRows);
    } catch (err) {
      log('collab: compaction failed; the log is kept', room.pageId, err);
      return;
    }
    if (done) {
      room.logRows = 0;
      room.storedBytes = state.length;
      return;
    }
    // Someone else wrote to this page's log, so the doc lacks what storage holds: from now on a
    // snapshot of the doc could drop their rows, and only storage may be compacted.
    log('collab: page log has rows this room did not write; compacting from storage', room.pageId);
    room.foreignWrites = true;
  }
  void compactFromStore(store, room.pageId, log).then((result) => {
    if (result && !room.destroyed) {
      room.logRows = 0;
      room.storedBytes = result.bytes;
    }
  });
}

/** Rebuilds a page from its stored snapshot and log and folds them into a new snapshot; returns what it wrote, or null. */
export async function compactFromStore(store: PageBodyStore, pageId: string, log: Log): Promise<{ upTo: number; bytes: number } | null> {
  const doc = new Y.Doc({ gc: true });
  try {
    const stored = await store.load(pageId);
    if (stored.updates.length === 0) return null;
    Y.transact(doc, () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const row of stored.updates) Y.applyUpdate(doc, row.data);
    });
    // Rows up to this id were all read above (ids grow with commit order), so the guard is exact.
    const upTo = stored.updates[stored.updates.length - 1].id;
    const state = Y.encodeStateAsUpdate(doc);
    return store.compact(pageId, state, upTo, stored.updates.length) ? { upTo, bytes: state.length } : null;
  } catch (err) {
    log('collab: compaction from storage failed; the log is kept', pageId, err);
    return null;
  } finally {
    doc.destroy();
  }
}

// Structs still waiting for missing ones were never stored as updates; they do not belong in a
// snapshot either (a client may have sent them with a made-up dependency).
function encodeWithoutPending(doc: Y.Doc): Uint8Array {
  const { pendingStructs, pendingDs } = doc.store;
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.store.pendingStructs = pendingStructs;
    doc.store.pendingDs = pendingDs;
  }
}
