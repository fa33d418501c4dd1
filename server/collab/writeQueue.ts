/**
 * The write queue stores every room's updates of an event-loop turn in ONE SQLite transaction at
 * the end of the turn (under load, of every turn within the flush interval), and only after the
 * commit broadcasts them and sends saved acks. So a client
 * never sees (and is never told "saved" about) an edit that a crash could still lose. Each row
 * carries its author's new Yjs client ids and deletions, which the store records in the same
 * transaction for revision history.
 */
import * as Y from 'yjs';
import type { EditMark, PageBodyStore, UpdateRow } from '../store/pageBodies.js';
import { encodeDeleteRanges } from '../history/attributionStore.js';
import type { Connection } from './connection.js';
import type { LastEdited } from './lastEdited.js';
import type { Log } from './options.js';
import { savedFrame } from './protocol.js';
import type { PendingWrite, Room } from './room.js';

/** What the queue tells its owner after a flush. */
export interface WriteQueueHooks {
  /** The room's writes could not be stored: its doc is now ahead of storage. */
  storeFailed(room: Room, err: unknown): void;
  /** The room's writes were stored (a chance to compact). */
  stored(room: Room): void;
  /** The room's text changed and the change is stored (history's capture policy listens). */
  edited(room: Room): void;
}

interface RoomBatch {
  room: Room;
  rows: UpdateRow[];
  groups: PendingWrite[];
  ackers: Set<Connection>;
  editor: string | null;
  edit: EditMark | null;
  ids: number[];
}

/** Batches every room's updates per event-loop turn into one transaction. */
export class WriteQueue {
  private readonly dirty = new Set<Room>();
  private immediate: NodeJS.Immediate | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly store: PageBodyStore,
    private readonly lastEdited: LastEdited,
    private readonly hooks: WriteQueueHooks,
    private readonly log: Log,
    private readonly flushIntervalMs: () => number = () => 0,
  ) {}

  /**
   * Marks a room as having writes or acks; schedules one flush at the end of the turn, or, if the
   * last flush was less than the flush interval ago, when the interval is up.
   */
  touch(room: Room): void {
    this.dirty.add(room);
    if (this.immediate || this.timer) return;
    const wait = this.lastFlushAt + this.flushIntervalMs() - performance.now();
    if (wait <= 0) this.immediate = setImmediate(this.flushSafely);
    else this.timer = setTimeout(this.flushSafely, Math.ceil(wait));
  }

  // A throw escaping a setImmediate callback would take the whole server down.
  private flushSafely = () => {
    try {
      this.flush();
    } catch (err) {
      this.log('collab: flush failed', err);
    }
  };

  /** Whether anything waits to be stored. */
  get idle(): boolean {
    return this.dirty.size === 0;
  }

  /** Whether this room has writes waiting. */
  has(room: Room): boolean {
    return this.dirty.has(room);
  }

  /** Stores every waiting write now, then broadcasts and acks. */
  flush = (): void => {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timer) clearTimeout(this.timer);
    this.immediate = null;
    this.timer = null;
    if (this.dirty.size === 0) return;
    this.lastFlushAt = performance.now();
    const rooms = [...this.dirty].filter((room) => !room.destroyed);
    this.dirty.clear();
    const now = Date.now();
    const batches: RoomBatch[] = [];
    for (const room of rooms) {
      try {
        batches.push(this.prepare(room, now));
      } catch (err) {
        this.hooks.storeFailed(room, err);
      }
    }
    const failed = this.commit(batches);
    for (const batch of batches) {
      const err = failed.get(batch);
      if (err !== undefined) this.hooks.storeFailed(batch.room, err);
      else this.afterCommit(batch, now);
    }
  };

  private prepare(room: Room, now: number): RoomBatch {
    const writes = room.pending;
    const ackers = room.ackers;
    room.pending = [];
    room.ackers = new Set();
    // One row per connection (or per server-side author) per turn: fewer rows to store and
    // compact, and the row keeps its author.
    const byConn = new Map<Connection | string | null, PendingWrite[]>();
    for (const w of writes) {
      const key = w.conn ?? w.author;
      const list = byConn.get(key);
      if (list) list.push(w);
      else byConn.set(key, [w]);
    }
    const rows: UpdateRow[] = [];
    const groups: PendingWrite[] = [];
    for (const [key, list] of byConn) {
      const conn = typeof key === 'string' || key === null ? null : key;
      const author = list[0].author;
      const update = list.length === 1 ? list[0].update : Y.mergeUpdates(list.map((w) => w.update));
      rows.push({ pageId: room.pageId, data: update, userId: author, ...(author ? this.attribution(room, author, conn, list) : {}) });
      groups.push({ update, conn, echo: list.some((w) => w.echo), author, deletes: null });
    }
    const editor = writes.length ? writes[writes.length - 1].author : null;
    const edit = editor && this.lastEdited.due(room.pageId, now) ? { pageId: room.pageId, userId: editor, at: new Date(now).toISOString() } : null;
    return { room, rows, groups, ackers, editor, edit, ids: [] };
  }

  /**
   * What history must record with a row: the client ids this author wrote with that the page has
   * not seen before (usually none, so no extra insert), and the items the author deleted.
   */
  private attribution(room: Room, author: string, conn: Connection | null, list: PendingWrite[]): Pick<UpdateRow, 'newClients' | 'deletions'> {
    let newClients: number[] | undefined;
    const clients = conn ? conn.sentClients : new Set(list.flatMap((w) => w.clients ?? []));
    if (clients) {
      for (const client of clients) {
        if (room.clientUsers.has(client)) continue;
        // Remembered now: if the commit fails the room is discarded and reloaded from storage.
        room.clientUsers.set(client, author);
        (newClients ??= []).push(client);
      }
    }
    let deletes: number[] | null = null;
    for (const w of list) if (w.deletes) deletes = deletes ? deletes.concat(w.deletes) : w.deletes;
    return { newClients, deletions: deletes ? encodeDeleteRanges(deletes) : undefined };
  }

  /** Commits every batch in one transaction; if that fails, each on its own so one bad page fails alone. */
  private commit(batches: RoomBatch[]): Map<RoomBatch, unknown> {
    const failed = new Map<RoomBatch, unknown>();
    const withWork = batches.filter((b) => b.rows.length > 0 || b.edit);
    if (withWork.length === 0) return failed;
    try {
      this.appendAll(withWork);
      return failed;
    } catch (err) {
      this.log('collab: storing updates failed', err);
      if (withWork.length === 1) {
        failed.set(withWork[0], err);
        return failed;
      }
    }
    for (const batch of withWork) {
      try {
        this.appendAll([batch]);
      } catch (err) {
        failed.set(batch, err);
      }
    }
    return failed;
  }

  private appendAll(batches: RoomBatch[]): void {
    const rows = batches.flatMap((b) => b.rows);
    const edits = batches.flatMap((b) => (b.edit ? [b.edit] : []));
    const ids = this.store.append(rows, edits);
    let i = 0;
    for (const b of batches) {
      b.ids = ids.slice(i, i + b.rows.length);
      i += b.rows.length;
    }
  }

  private afterCommit(batch: RoomBatch, now: number): void {
    const { room } = batch;
    if (room.destroyed) return;
    try {
      if (batch.ids.length) {
        room.lastStoredId = Math.max(room.lastStoredId, ...batch.ids);
        room.logRows += batch.ids.length;
        room.storedBytes += batch.rows.reduce((sum, row) => sum + row.data.length, 0);
      }
      room.broadcastStored(batch.groups);
      // Everything the doc holds is now stored, so its state vector is the stored clock. A
      // delete-only update names no client of its sender, so the ids the connection uses for
      // awareness (its doc's clientID) are acked too: that is how such a client learns it is saved.
      for (const conn of batch.ackers) {
        if (conn.closed || !conn.wantsSaved) continue;
        const clients = new Set([...(conn.sentClients ?? []), ...(conn.awarenessClients ?? [])]);
        if (clients.size === 0) continue;
        const clocks: [number, number][] = [];
        for (const client of clients) clocks.push([client, Y.getState(room.doc.store, client)]);
        conn.send(savedFrame(clocks));
      }
      if (batch.edit) this.lastEdited.written(room.pageId, room.paperId, batch.edit.userId, now);
      else if (batch.editor && batch.rows.length) this.lastEdited.defer(room.pageId, room.paperId, batch.editor);
      if (batch.ids.length) this.hooks.edited(room);
      this.hooks.stored(room);
    } catch (err) {
      this.log('collab: after-commit step failed', room.pageId, err);
    }
  }
}
