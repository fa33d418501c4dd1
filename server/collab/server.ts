/**
 * Quire's collaboration server: the y-websocket protocol on `ws` + y-protocols, one room per page,
 * every update stored in SQLite before anyone else sees it. All state lives on the instance, so
 * two servers can run in one process.
 *
 * Connecting from outside a browser: the endpoint is `ws(s)://<host>/collab/<pageId>` and a
 * standard y-websocket client works (`new WebsocketProvider('ws://host/collab', pageId, ydoc)`).
 * The socket is authenticated like the web app, by the `quire_session` cookie, which a browser
 * sends by itself. Node has no cookie jar, so pass y-websocket a WebSocket class that adds the
 * header: `class CookieWS extends WebSocket { constructor(url, protocols) { super(url, protocols,
 * { headers: { Cookie: 'quire_session=<token>' } }) } }` (WebSocket from the `ws` package), then
 * `new WebsocketProvider(url, pageId, doc, { WebSocketPolyfill: CookieWS })`. Get the token by
 * signing in over the HTTP API and reading the Set-Cookie header. Leave out the Origin header, or
 * send the server's own origin; any other origin is refused. A refused socket opens and closes at
 * once with a code: 4401 not signed in, 4403 foreign origin, 4404 no such page or not a member,
 * 4500 the page could not be loaded (retry later). Reviewers and readers may connect and receive
 * edits, but their own edits are ignored.
 */
import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import type { Duplex } from 'node:stream';
import { CloseCode } from '../../shared/collab.js';
import { pageAccess } from '../domain/access.js';
import type { Config } from '../config.js';
import type { AppEvents } from '../events.js';
import type { Db } from '../store/database.js';
import { PageBodyStore } from '../store/pageBodies.js';
import { authorizeCollab, type CollabRequest } from './authorize.js';
import { compactRoom } from './compaction.js';
import { Connection, type Transport } from './connection.js';
import { LastEdited } from './lastEdited.js';
import { defaultCollabOptions, type CollabOptions, type Log } from './options.js';
import { type Room, type RoomContext } from './room.js';
import { RoomRegistry } from './rooms.js';
import { WriteQueue } from './writeQueue.js';
import { WsEndpoint, type Admission } from './wsTransport.js';
import { ServerEdit } from './room.js';
import { RevisionCapture, type StoredPageDoc } from '../history/capture.js';

/** What a collab server needs; `store` and `options` let tests inject failures and short timers. */
export interface CollabDeps {
  db: Db;
  config: Config;
  events: AppEvents;
  log?: Log;
  store?: PageBodyStore;
  options?: Partial<CollabOptions>;
}

/** The collaboration endpoint: rooms, persistence, and the WebSocket adapter. */
export class CollabServer {
  /** Settings; tests may change them on a running server (heartbeatMs and the ws payload cap are fixed at construction). */
  readonly options: CollabOptions;
  /** The page-body store; a test may replace a method to inject a storage failure. */
  readonly store: PageBodyStore;
  private readonly db: Db;
  private readonly config: Config;
  private readonly log: Log;
  private readonly rooms: RoomRegistry;
  private readonly queue: WriteQueue;
  private readonly lastEdited: LastEdited;
  private readonly events: AppEvents;
  private readonly ws: WsEndpoint;
  private closing: Promise<void> | null = null;
  /** Revision history: the automatic capture policy, and taking revisions on demand. */
  readonly history: RevisionCapture;

  constructor({ db, config, events, log = console.error, store, options }: CollabDeps) {
    this.db = db;
    this.config = config;
    this.log = log;
    this.options = { ...defaultCollabOptions(), ...options };
    this.store = store ?? new PageBodyStore(db);
    this.history = new RevisionCapture(db, events, { current: (id) => this.storedPage(id), live: (id) => this.livePage(id) }, () => this.options, log);
    this.events = events;
    this.lastEdited = new LastEdited(this.store, events, () => this.options.editedThrottleMs, log);
    this.queue = new WriteQueue(this.store, this.lastEdited, { storeFailed: this.storeFailed, stored: this.stored, edited: (room) => this.pageStored(room.paperId, room.pageId) }, log, () => this.options.flushIntervalMs);
    const ctx: RoomContext = {
      options: this.options,
      log,
      touched: (room) => this.queue.touch(room),
      flushNow: () => this.queue.flush(),
      idle: (room) => this.scheduleUnload(room),
      writersLeft: (room) => this.history.writersLeft(room.pageId),
      loaded: (room) => this.history.loaded(room.pageId, room.paperId, room.doc, room.lastStoredId),
      discard: (room) => this.discard(room),
      compact: (room) => this.compact(room),
    };
    this.rooms = new RoomRegistry(this.store, ctx);
    // Pages edited before a crash get the revision they were owed, in the background.
    const sweep = setTimeout(() => void this.history.sweep().catch((err) => log('history: sweep failed', err)), 0);
    sweep.unref();
    this.ws = new WsEndpoint((req) => this.admit(req), this.options.messageBytes, this.options.heartbeatMs, log);
  }

  /** Takes over an HTTP upgrade for `/collab/<pageId>`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.ws.handleUpgrade(req, socket, head);
  }

  /**
   * Decides on a connection attempt (any transport): refuses with a close code, or loads the room
   * and returns a `join` that attaches a transport to it. Touches no room when refusing.
   */
  async admit(req: CollabRequest): Promise<Admission> {
    if (this.closing) return { ok: false, code: CloseCode.ServerShutdown, reason: 'server shutting down' };
    let auth;
    try {
      auth = authorizeCollab(this.db, this.config, req);
    } catch (err) {
      this.log('collab: authorization failed', err);
      return { ok: false, code: CloseCode.LoadFailed, reason: 'could not check access' };
    }
    if (!auth.ok) return auth;
    let room: Room;
    try {
      room = await this.rooms.acquire(req.pageId, auth.paperId);
    } catch (err) {
      this.log('collab: could not load page', req.pageId, err);
      return { ok: false, code: CloseCode.LoadFailed, reason: 'could not load page' };
    }
    const { userId, readOnly, session } = auth;
    return {
      ok: true,
      join: (transport: Transport) => {
        if (this.closing || room.destroyed) {
          transport.close(this.closing ? CloseCode.ServerShutdown : CloseCode.LoadFailed, 'try again');
          return null;
        }
        const conn = new Connection(room, transport, userId, readOnly, session);
        room.attach(conn);
        return conn;
      },
    };
  }

  /** Closes every connection of this user to this paper (their access changed). */
  revokeAccess(paperId: string, userId: string): void {
    for (const room of this.rooms.all()) {
      if (room.paperId !== paperId) continue;
      for (const conn of [...room.connections]) if (conn.userId === userId) conn.close(CloseCode.AccessRevoked, 'access revoked');
    }
  }

  /**
   * Re-checks one user's open connections to a paper after their membership changed: a removed
   * member, or one whose role no longer matches the connection's write access, is closed with
   * 4410 so their client reopens the page with what they may now do.
   */
  refreshAccess(paperId: string, userId: string): void {
    for (const room of this.rooms.all()) {
      if (room.paperId !== paperId) continue;
      for (const conn of [...room.connections]) {
        if (conn.userId !== userId) continue;
        const access = pageAccess(this.db, room.pageId, userId);
        if (!access || conn.readOnly === access.mayWrite) conn.close(CloseCode.AccessRevoked, 'access changed');
      }
    }
  }

  /**
   * A page's current text as one Yjs update: its live room's doc (after storing this turn's
   * writes) when the page is open, otherwise read from storage. Throws if the page cannot be read.
   */
  async currentState(pageId: string): Promise<Uint8Array> {
    const page = await this.storedPage(pageId);
    try {
      return Y.encodeStateAsUpdate(page.doc);
    } finally {
      page.release();
    }
  }

  /** A live room's doc with its pending writes stored, or null if the page is not open. */
  private livePage(pageId: string): StoredPageDoc | null {
    const room = this.rooms.get(pageId);
    if (!room || room.destroyed) return null;
    if (this.queue.has(room)) this.queue.flush();
    if (room.destroyed) return null;
    return { doc: room.doc, updatesUpto: room.lastStoredId, release: () => {} };
  }

  /** The page as stored: its live room's doc, or a doc read from storage (freed by release()). */
  private async storedPage(pageId: string): Promise<StoredPageDoc> {
    const live = this.livePage(pageId);
    if (live) return live;
    const stored = await this.store.load(pageId);
    const doc = new Y.Doc({ gc: true });
    try {
      Y.transact(doc, () => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const row of stored.updates) Y.applyUpdate(doc, row.data);
      });
    } catch (err) {
      doc.destroy();
      throw err;
    }
    const updatesUpto = stored.updates.length ? stored.updates[stored.updates.length - 1].id : stored.snapshotLastId;
    return { doc, updatesUpto, release: () => doc.destroy() };
  }

  /**
   * Changes a page's text on behalf of a member (restoring a revision): loads its room if needed,
   * runs `change` on the live doc under a fresh Yjs client id recorded as that member's, stores
   * the result and broadcasts it to everyone on the page before returning, like an edit of their
   * own. Throws if the page cannot be loaded or the change cannot be stored.
   */
  async changePage(pageId: string, paperId: string, userId: string, change: (doc: Y.Doc) => void): Promise<void> {
    if (this.closing) throw new Error('The server is shutting down.');
    const room = await this.rooms.acquire(pageId, paperId);
    if (this.queue.has(room)) this.queue.flush();
    if (room.destroyed) throw new Error('The page could not be stored.');
    const doc = room.doc;
    // A client id nobody has written with on this page, so the change is this member's alone.
    let clientId = Math.floor(Math.random() * 0xffffffff);
    while (doc.store.clients.has(clientId) || room.clientUsers.has(clientId)) clientId = Math.floor(Math.random() * 0xffffffff);
    doc.clientID = clientId;
    Y.transact(doc, () => change(doc), new ServerEdit(userId, doc.clientID));
    this.queue.flush();
    if (room.destroyed) throw new Error('The change could not be stored.');
    this.scheduleUnload(room);
  }

  /**
   * Re-checks the write access of every connection to one page after its status changed (an
   * approved page is read-only for authors): a connection whose access no longer matches is
   * closed with 4410 so its client reopens the page with what it may now do.
   */
  refreshPageAccess(pageId: string): void {
    const room = this.rooms.get(pageId);
    if (!room) return;
    for (const conn of [...room.connections]) {
      const access = pageAccess(this.db, pageId, conn.userId);
      if (!access || access.deleted || conn.readOnly === access.mayWrite) conn.close(CloseCode.AccessRevoked, 'access changed');
    }
  }

  /** How many rooms are in memory. */
  roomCount(): number {
    return this.rooms.size;
  }

  /** Whether a page's room is in memory. */
  hasRoom(pageId: string): boolean {
    return this.rooms.get(pageId) !== undefined;
  }

  /** How many connections are attached to rooms. */
  connectionCount(): number {
    return this.rooms.all().reduce((n, room) => n + room.connections.size, 0);
  }

  /** Stores every received update now instead of at the end of the turn. */
  flushNow(): void {
    this.queue.flush();
  }

  /** Stores every received update, closes every connection (ServerShutdown) and frees every room. */
  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    await this.rooms.loadsSettled();
    this.queue.flush();
    for (const room of this.rooms.all()) room.closeAll(CloseCode.ServerShutdown, 'server shutting down');
    // Messages already on the wire when we said goodbye are still taken; store them too.
    await this.ws.close(this.options.closeTimeoutMs);
    this.queue.flush();
    for (const room of this.rooms.all()) this.captureBeforeLeaving(room);
    for (const room of this.rooms.all()) {
      this.rooms.remove(room);
      room.destroy();
    }
    this.lastEdited.flushAll();
    // The revisions owed by the pages just closed are stored before the database may close, within
    // a bound: a revision still being measured then is taken from storage at the next start.
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([this.history.settled(), new Promise((resolve) => (bound = setTimeout(resolve, this.options.revisionShutdownMs)))]);
    clearTimeout(bound);
    await this.history.stop();
  }

  private scheduleUnload(room: Room): void {
    // While closing, shutdown frees every room itself, after the last drained message is stored.
    if (this.closing || room.destroyed || room.connections.size > 0) return;
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    room.unloadTimer = setTimeout(() => this.unload(room), this.options.unloadGraceMs);
    room.unloadTimer.unref();
  }

  /** Stores what is left, compacts, and frees an empty room. */
  private unload(room: Room): void {
    room.unloadTimer = null;
    if (room.destroyed || room.connections.size > 0) return;
    try {
      if (this.queue.has(room)) this.queue.flush();
      if (room.destroyed) return;
      this.captureBeforeLeaving(room);
      compactRoom(this.store, room, this.log);
      this.lastEdited.flush(room.pageId, true);
    } catch (err) {
      this.log('collab: error while unloading a room', room.pageId, err);
    }
    this.rooms.remove(room);
    try {
      room.destroy();
    } catch (err) {
      this.log('collab: error while freeing a room', room.pageId, err);
    }
  }

  /** Reads the revision a page's changes are owed before its room leaves memory (it is stored soon after). */
  private captureBeforeLeaving(room: Room): void {
    const fail = (err: unknown) => this.log('history: could not take a revision of a closing page', room.pageId, err);
    try {
      this.history.captureLive(room.pageId)?.catch(fail);
    } catch (err) {
      fail(err);
    }
  }

  private discard(room: Room): void {
    this.rooms.remove(room);
    this.lastEdited.flush(room.pageId, true);
    room.destroy();
  }

  private compact(room: Room): void {
    if (this.queue.has(room)) this.queue.flush();
    compactRoom(this.store, room, this.log);
  }

  private storeFailed = (room: Room, err: unknown): void => {
    // The doc now holds updates storage does not: forget it, and let clients resend on reconnect.
    this.log('collab: could not store updates; closing the page so clients resend', room.pageId, err);
    room.closeAll(CloseCode.LoadFailed, 'could not store changes');
    this.discard(room);
  };

  /** New edits of a page are on disk: history counts them, and 'page:stored' tells those who keep copies (search). */
  private pageStored(paperId: string, pageId: string): void {
    this.history.edited(pageId, paperId);
    try {
      this.events.emit('page:stored', paperId, pageId);
    } catch (err) {
      this.log('collab: a page:stored listener failed', pageId, err);
    }
  }

  private stored = (room: Room): void => {
    if (room.compactionScheduled || room.logRows < this.options.compactAfterUpdates) return;
    room.compactionScheduled = true;
    // In a later turn, after this turn's acks and broadcasts have gone out.
    setImmediate(() => {
      room.compactionScheduled = false;
      try {
        if (!room.destroyed) this.compact(room);
      } catch (err) {
        this.log('collab: compaction failed', room.pageId, err);
      }
    });
  };
}
