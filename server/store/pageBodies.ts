/**
 * Page bodies in SQLite: a compacted Yjs snapshot per page plus an append-only log of updates.
 * A page's state is its snapshot merged with every logged update whose id is above the
 * snapshot's last_update_id. Appending also records who wrote which Yjs client ids and who
 * deleted what (page_clients, page_deletions), which compaction leaves alone, for history.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { nowIso } from './ids.js';

/** Stores the first state of a new page (made on the server, once). Call inside the page's creation transaction. */
export function storeInitialState(db: Db, pageId: string, update: Uint8Array): void {
  db.prepare('INSERT INTO page_snapshots (page_id, state, last_update_id, updated_at) VALUES (?, ?, 0, ?)').run(pageId, Buffer.from(update), nowIso());
}

/** A page body as stored: the snapshot (null if the page has none) and the updates logged after it, oldest first. */
export interface StoredPage {
  snapshot: Uint8Array | null;
  snapshotLastId: number;
  updates: { id: number; data: Uint8Array }[];
  /** Who wrote with each Yjs client id on the page (page_clients), when the store read it. */
  clientUsers?: Map<number, string>;
}

/** One update to append to a page's log. */
export interface UpdateRow {
  pageId: string;
  data: Uint8Array;
  userId: string | null;
  /** Yjs client ids first seen from userId on this page, recorded in page_clients (history attribution). */
  newClients?: number[];
  /** The deletions userId made in this row (attributionStore.ts encoding), recorded in page_deletions. */
  deletions?: Uint8Array;
}

/** "This user edited this page at this time", for pages.last_edited_by/_at. */
export interface EditMark {
  pageId: string;
  userId: string;
  at: string;
}

// better-sqlite3 binds Buffers; a view over the same memory avoids copying large updates.
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Prepared statements over page_snapshots and page_updates, made once per owner (one collab
 * server). Methods are plain properties of the instance so tests can wrap one to inject a failure.
 */
export class PageBodyStore {
  private readonly selectSnapshot: Statement<[string], { state: Buffer; last_update_id: number }>;
  private readonly selectUpdatesAfter: Statement<[string, number], { id: number; data: Buffer }>;
  private readonly insertUpdate: Statement<[string, Buffer, string | null, string]>;
  private readonly updateEdited: Statement<[string, string, string]>;
  private readonly countUpTo: Statement<[string, number], { n: number }>;
  private readonly upsertSnapshot: Statement<[string, Buffer, number, string]>;
  private readonly deleteUpTo: Statement<[string, number]>;
  private readonly selectClients: Statement<[string], { client_id: number; user_id: string }>;
  private readonly insertClient: Statement<[string, number, string]>;
  private readonly insertDeletions: Statement<[string, string, Buffer]>;
  private readonly loadTx: (pageId: string) => StoredPage;
  private readonly appendTx: (rows: UpdateRow[], edits: EditMark[]) => number[];
  private readonly markTx: (edits: EditMark[]) => void;
  private readonly compactTx: (pageId: string, state: Uint8Array, upToId: number, expectedRows?: number) => boolean;

  constructor(readonly db: Db) {
    this.selectSnapshot = db.prepare<[string], { state: Buffer; last_update_id: number }>('SELECT state, last_update_id FROM page_snapshots WHERE page_id = ?');
    this.selectUpdatesAfter = db.prepare<[string, number], { id: number; data: Buffer }>('SELECT id, data FROM page_updates WHERE page_id = ? AND id > ? ORDER BY id');
    this.insertUpdate = db.prepare<[string, Buffer, string | null, string]>('INSERT INTO page_updates (page_id, data, user_id, created_at) VALUES (?, ?, ?, ?)');
    this.updateEdited = // A user deleted meanwhile becomes NULL instead of failing the whole batch on the foreign key.
    this.updateEdited = db.prepare<[string, string, string]>('UPDATE pages SET last_edited_by = (SELECT id FROM users WHERE id = ?), last_edited_at = ? WHERE id = ?');
    this.countUpTo = db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM page_updates WHERE page_id = ? AND id <= ?');
    // Never move a snapshot backwards: a late compaction must not replace a newer one.
    this.upsertSnapshot = db.prepare<[string, Buffer, number, string]>(
      `INSERT INTO page_snapshots (page_id, state, last_update_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(page_id) DO UPDATE SET state = excluded.state, last_update_id = excluded.last_update_id, updated_at = excluded.updated_at
       WHERE excluded.last_update_id >= page_snapshots.last_update_id`,
    );
    this.deleteUpTo = db.prepare<[string, number]>('DELETE FROM page_updates WHERE page_id = ? AND id <= ?');
    this.selectClients = db.prepare<[string], { client_id: number; user_id: string }>('SELECT client_id, user_id FROM page_clients WHERE page_id = ?');
    this.insertClient = db.prepare<[string, number, string]>('INSERT OR IGNORE INTO page_clients (page_id, client_id, user_id) VALUES (?, ?, ?)');
    this.insertDeletions = db.prepare<[string, string, Buffer]>('INSERT INTO page_deletions (page_id, user_id, ranges) VALUES (?, ?, ?)');

    // A read transaction so the snapshot and the log are read from one consistent state.
    this.loadTx = db.transaction((pageId: string): StoredPage => {
      const snap = this.selectSnapshot.get(pageId);
      const snapshotLastId = snap?.last_update_id ?? 0;
      const updates = this.selectUpdatesAfter.all(pageId, snapshotLastId).map((r) => ({ id: r.id, data: new Uint8Array(r.data) }));
      const clientUsers = new Map(this.selectClients.all(pageId).map((r) => [r.client_id, r.user_id]));
      return { snapshot: snap ? new Uint8Array(snap.state) : null, snapshotLastId, updates, clientUsers };
    });
    this.appendTx = db.transaction((rows: UpdateRow[], edits: EditMark[]): number[] => {
      const at = nowIso();
      const ids = rows.map((row) => Number(this.insertUpdate.run(row.pageId, asBuffer(row.data), row.userId, at).lastInsertRowid));
      // Attribution for history, in the same transaction: it must never disagree with the log.
      for (const row of rows) {
        if (!row.userId) continue;
        if (row.newClients) for (const client of row.newClients) this.insertClient.run(row.pageId, client, row.userId);
        if (row.deletions) this.insertDeletions.run(row.pageId, row.userId, asBuffer(row.deletions));
      }
      for (const edit of edits) this.updateEdited.run(edit.userId, edit.at, edit.pageId);
      return ids;
    });
    this.markTx = db.transaction((edits: EditMark[]) => {
      for (const edit of edits) this.updateEdited.run(edit.userId, edit.at, edit.pageId);
    });
    this.compactTx = db.transaction((pageId: string, state: Uint8Array, upToId: number, expectedRows?: number): boolean => {
      if (expectedRows !== undefined && this.countUpTo.get(pageId, upToId)!.n !== expectedRows) return false;
      this.upsertSnapshot.run(pageId, asBuffer(state), upToId, nowIso());
      this.deleteUpTo.run(pageId, upToId);
      return true;
    });
  }

  /** Reads a page's snapshot and the updates logged after it. */
  load = (pageId: string): StoredPage | Promise<StoredPage> => this.loadTx(pageId);

  /** Appends updates (and last-edited marks) in one transaction; returns the new update ids in row order. */
  append = (rows: UpdateRow[], edits: EditMark[] = []): number[] => this.appendTx(rows, edits);

  /** Records who last edited pages, outside any update batch. */
  markEdited = (edits: EditMark[]): void => this.markTx(edits);

  /**
   * Replaces a page's snapshot with `state` (which must contain every update with id <= upToId) and
   * deletes those updates, in one transaction. Updates with a higher id are kept. With
   * `expectedRows`, does nothing and returns false unless exactly that many updates have id <= upToId
   * (a guard against a writer the caller did not know about).
   */
  compact = (pageId: string, state: Uint8Array, upToId: number, expectedRows?: number): boolean => this.compactTx(pageId, state, upToId, expectedRows);
}
