/**
 * A room is one page's live document: its Y.Doc, the awareness of everyone on it, and their
 * connections. Client updates are validated and applied here; the doc's 'update' events become
 * this turn's pending writes (with who made them and what they deleted, for history), which the
 * write queue stores and only then broadcasts.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { CloseCode } from '../../shared/collab.js';
import type { StoredPage } from '../store/pageBodies.js';
import { Connection } from './connection.js';
import type { CollabOptions, Log } from './options.js';
import { awarenessFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './protocol.js';
import { UpdateTooComplexError, updateShape, type UpdateShape } from './updateShape.js';

/** The server-wide services a room calls on. */
export interface RoomContext {
  readonly options: CollabOptions;
  readonly log: Log;
  /** The room has writes or acks for the end of this turn. */
  touched(room: Room): void;
  /** Stores every pending write of every room now. */
  flushNow(): void;
  /** The room's last connection left. */
  idle(room: Room): void;
  /** The room's last connection that may write left (readers may still be on it). */
  writersLeft(room: Room): void;
  /** The room was just loaded from storage. */
  loaded(room: Room): void;
  /** The room no longer matches storage: forget it so the next client loads it afresh. */
  discard(room: Room): void;
  /** Compacts the room's stored log now (to make space before refusing an update). */
  compact(room: Room): void;
}

/** An update produced by the doc this turn, with the connection that caused it. */
export interface PendingWrite {
  update: Uint8Array;
  conn: Connection | null;
  /** Send it back to its sender too: it may carry structs of others that were waiting on it. */
  echo: boolean;
  /** The member who made it: the connection's user, or the user of a server-side change. */
  author: string | null;
  /** Items it deleted (client, clock, length, ...), or null: who deleted what, for history. */
  deletes: number[] | null;
  /** For a server-side change: the client id it wrote with. */
  clients?: number[];
}

/**
 * The origin of a change the server makes to a live doc on someone's behalf (restoring a
 * revision): stored, broadcast and attributed like that person's own edit.
 */
export class ServerEdit {
  constructor(
    readonly userId: string,
    readonly clientId: number,
  ) {}
}

/** The items a Yjs transaction deleted, as flat (client, clock, length) triples; null if none. */
function deletedRanges(transaction: Y.Transaction): number[] | null {
  const clients = transaction.deleteSet.clients;
  if (clients.size === 0) return null;
  const out: number[] = [];
  for (const [client, items] of clients) for (const item of items) out.push(client, item.clock, item.len);
  return out;
}

const EMPTY_STATE_VECTOR_LENGTH = 1;
// Above this many delete ranges in one update, leaving any of them pending closes the sender.
const MANY_PENDING_DELETES = 1_000;

/**
 * A client's state vector cut down to the clients this doc has, which is all Yjs looks at. Yjs
 * would first build a map of every entry, and a hostile 2 MiB vector names 250,000 clients (45-90 ms
 * of loop time); walking it costs a fraction of that. Throws if the vector is malformed.
 */
function knownClientsOnly(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(stateVector);
  const known = new Map<number, number>();
  const clients = doc.store.clients;
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    if (clients.has(client)) known.set(client, clock);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, known.size);
  for (const [client, clock] of known) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** One page's live document and the connections on it. */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly connections = new Set<Connection>();
  /** Highest page_updates id known to be contained in the doc. */
  lastStoredId: number;
  /** Rows in page_updates for this page with id <= lastStoredId (the log since the snapshot). */
  logRows: number;
  /** Snapshot bytes plus logged update bytes: what the page takes in storage. */
  storedBytes: number;
  destroyed = false;
  compactionScheduled = false;
  /** The page's log had rows this room did not write: compact from storage, never from the doc. */
  foreignWrites = false;
  unloadTimer: NodeJS.Timeout | null = null;
  /** Doc updates of this turn, not yet stored. */
  pending: PendingWrite[] = [];
  /** Connections that sent updates this turn and will get a saved ack after the commit. */
  ackers = new Set<Connection>();
  /** Who wrote with each Yjs client id on this page (page_clients), so only new ids are recorded. */
  readonly clientUsers: Map<number, string>;

  private changedAwareness = new Set<number>();
  private awarenessImmediate: NodeJS.Immediate | null = null;
  // Most clients join with an empty doc; their step 2 is the whole state, encoded once per change.
  private fullStateFrame: Uint8Array | null = null;
  private echoNextUpdate = false;

  /** Builds a room from stored bytes; throws (leaving nothing behind) if they do not apply. */
  constructor(
    readonly pageId: string,
    readonly paperId: string,
    stored: StoredPage,
    private readonly ctx: RoomContext,
  ) {
    this.doc = new Y.Doc({ gc: true });
    try {
      Y.transact(this.doc, () => {
        if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
        for (const row of stored.updates) Y.applyUpdate(this.doc, row.data);
      });
    } catch (err) {
      this.doc.destroy();
      throw err;
    }
    this.lastStoredId = stored.updates.length ? stored.updates[stored.updates.length - 1].id : stored.snapshotLastId;
    this.logRows = stored.updates.length;
    this.storedBytes = (stored.snapshot?.length ?? 0) + stored.updates.reduce((sum, row) => sum + row.data.length, 0);
    this.clientUsers = stored.clientUsers ?? new Map();

    // Listen only after loading, so stored updates are not queued to be stored again.
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      this.fullStateFrame = null;
      const conn = origin instanceof Connection ? origin : null;
      const serverEdit = origin instanceof ServerEdit ? origin : null;
      this.pending.push({
        update,
        conn,
        echo: this.echoNextUpdate,
        author: conn?.userId ?? serverEdit?.userId ?? null,
        deletes: deletedRanges(transaction),
        clients: serverEdit ? [serverEdit.clientId] : undefined,
      });
      this.ctx.touched(this);
    });
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null);
    // The awareness timer must not keep a stopping process alive.
    (this.awareness as unknown as { _checkInterval: NodeJS.Timeout })._checkInterval.unref?.();
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get options(): CollabOptions {
    return this.ctx.options;
  }

  /** Logs through the server's logger. */
  log(...args: unknown[]): void {
    this.ctx.log(...args);
  }

  /** Adds a connection and starts the sync: step 1 to writers, and everyone's awareness. */
  attach(conn: Connection): void {
    if (this.unloadTimer) {
      clearTimeout(this.unloadTimer);
      this.unloadTimer = null;
    }
    // The client takes our step 1 state vector as "stored" (to clear its unsaved marks), so it must
    // not include this turn's updates before they are committed.
    if (this.pending.length > 0) this.ctx.flushNow();
    if (this.destroyed) {
      conn.close(CloseCode.LoadFailed, 'could not store changes');
      return;
    }
    this.connections.add(conn);
    // A read-only client's step 2 would be dropped, so do not ask for it.
    if (!conn.readOnly) conn.send(syncStep1Frame(this.doc));
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length > 0) conn.send(awarenessFrame(this.awareness, clients));
  }

  /** Removes a connection and its awareness states; tells the server when the room is empty. */
  detach(conn: Connection): void {
    if (!this.connections.delete(conn) || this.destroyed) return;
    this.ackers.delete(conn);
    if (conn.awarenessClients?.size) removeAwarenessStates(this.awareness, [...conn.awarenessClients], 'closed');
    if (!conn.readOnly && ![...this.connections].some((c) => !c.readOnly)) this.ctx.writersLeft(this);
    if (this.connections.size === 0) this.ctx.idle(this);
  }

  /** The step 2 answering a client's state vector; throws if the vector is malformed. */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    if (stateVector.length === EMPTY_STATE_VECTOR_LENGTH && stateVector[0] === 0) {
      return (this.fullStateFrame ??= syncStep2Frame(this.doc));
    }
    return syncStep2Frame(this.doc, knownClientsOnly(this.doc, stateVector));
  }

  /** Validates and applies a writer's update; it is stored and broadcast at the end of the turn. */
  applyClientUpdate(conn: Connection, update: Uint8Array): void {
    if (this.storedBytes + update.length > this.options.pageBytes) {
      this.ctx.compact(this);
      if (this.storedBytes + update.length > this.options.pageBytes) {
        conn.close(CloseCode.PageTooLarge, 'page too large');
        return;
      }
    }
    let shape: UpdateShape;
    try {
      // Walks the bytes without allocating: a truncated or garbled update, or one that would keep
      // Yjs busy for long, is refused before any of it is decoded or applied.
      const { updateWork, updateSections, updateDeleteRanges, updateDeleteSections } = this.options;
      const budget = { maxWork: updateWork, maxSections: updateSections, maxDeleteRanges: updateDeleteRanges, maxDeleteSections: updateDeleteSections };
      shape = updateShape(update, budget);
    } catch (err) {
      if (err instanceof UpdateTooComplexError) conn.close(CloseCode.MessageTooLarge, 'update too complex');
      else conn.close(CloseCode.Malformed, 'malformed update');
      return;
    }
    conn.noteClients(shape.clients);
    this.ackers.add(conn);
    this.ctx.touched(this);

    const store = this.doc.store;
    this.echoNextUpdate = store.pendingStructs !== null || store.pendingDs !== null;
    const mark = this.pending.length;
    const pendingDsBefore = store.pendingDs;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      this.log('collab: an update failed to apply', this.pageId, (err as Error)?.message);
      const changedDoc = this.pending.length > mark;
      this.pending.length = mark;
      if (changedDoc) this.reset(conn);
      else conn.close(CloseCode.Malformed, 'update could not be applied');
      return;
    } finally {
      this.echoNextUpdate = false;
    }
    // Structs waiting for missing ones are never stored; a client must not pile them up in memory.
    const waiting = (store.pendingStructs?.update.length ?? 0) + (store.pendingDs?.length ?? 0);
    // Yjs retries a pending delete set on every later update, so a large one left pending would
    // make each later edit on the page pay for it again (its bytes compress too well to tell).
    // A client's deletes name structs the server has; many that do not are an attack or a bug.
    const leftManyDeletesPending = store.pendingDs !== null && store.pendingDs !== pendingDsBefore && shape.deleteRanges > MANY_PENDING_DELETES;
    if (waiting > this.options.messageBytes || leftManyDeletesPending) {
      store.pendingStructs = null;
      store.pendingDs = null;
      conn.close(CloseCode.Malformed, 'update depends on unknown changes');
    }
  }

  /**
   * A rejected update changed the doc before failing, so the doc is ahead of what will be stored.
   * Store what is good, close everyone (they resend on reconnect) and forget the room.
   */
  private reset(offender: Connection): void {
    this.ctx.flushNow();
    offender.close(CloseCode.Malformed, 'update could not be applied');
    this.closeAll(CloseCode.LoadFailed, 'page reset; reconnecting');
    this.ctx.discard(this);
  }

  /** Sends the stored updates of a turn: one frame for everyone, minus each sender's own updates. */
  broadcastStored(groups: PendingWrite[]): void {
    if (groups.length === 0 || this.connections.size === 0) return;
    const merged = groups.length === 1 ? groups[0].update : Y.mergeUpdates(groups.map((g) => g.update));
    const frame = updateFrame(merged);
    const bySender = new Map<Connection, PendingWrite>();
    for (const g of groups) if (g.conn && !g.echo) bySender.set(g.conn, g);
    // Sparing senders their echo costs one merge per sender; beyond a few, echo (Yjs ignores it).
    if (bySender.size > 4) bySender.clear();
    for (const conn of this.connections) {
      const own = bySender.get(conn);
      if (!own) conn.send(frame);
      else if (groups.length > 1) {
        const others = groups.filter((g) => g !== own);
        conn.send(updateFrame(others.length === 1 ? others[0].update : Y.mergeUpdates(others.map((g) => g.update))));
      }
    }
  }

  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (this.destroyed) return;
    if (origin instanceof Connection) {
      const own = (origin.awarenessClients ??= new Set());
      for (const id of added) own.add(id);
      for (const id of updated) own.add(id);
      for (const id of removed) own.delete(id);
    }
    for (const id of added) this.changedAwareness.add(id);
    for (const id of updated) this.changedAwareness.add(id);
    for (const id of removed) this.changedAwareness.add(id);
    // Batch the turn's awareness changes into one frame for everyone.
    this.awarenessImmediate ??= setImmediate(this.flushAwareness);
  };

  private flushAwareness = () => {
    this.awarenessImmediate = null;
    if (this.destroyed || this.changedAwareness.size === 0) return;
    try {
      const frame = awarenessFrame(this.awareness, [...this.changedAwareness]);
      this.changedAwareness.clear();
      for (const conn of this.connections) conn.send(frame);
    } catch (err) {
      this.changedAwareness.clear();
      this.log('collab: awareness broadcast failed', this.pageId, (err as Error)?.message);
    }
  };

  /** Closes every connection with a code. */
  closeAll(code: number, reason: string): void {
    for (const conn of [...this.connections]) conn.close(code, reason);
  }

  /** Frees the doc and awareness; the room must not be used afterwards. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    if (this.awarenessImmediate) clearImmediate(this.awarenessImmediate);
    this.unloadTimer = null;
    this.pending = [];
    this.ackers.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
