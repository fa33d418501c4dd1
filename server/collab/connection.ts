/**
 * One client's connection to one room, independent of the transport: the ws adapter (and later
 * socket.io) hands it each binary message and gives it a Transport to answer on. Every message is
 * handled inside try/catch, so a bad message closes this connection only.
 */
import * as decoding from 'lib0/decoding';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import { CloseCode } from '../../shared/collab.js';
import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  awarenessFrame,
  checkAwarenessUpdate,
} from './protocol.js';
import type { Room } from './room.js';

/**
 * The session behind a connection (authorize.ts's SessionWatch): `touch` counts as activity,
 * `live` only looks; both say whether the session still holds.
 */
export interface ConnectionSession {
  readonly intervalMs: number;
  /** The absolute end of the session, in ms since the epoch. */
  readonly expiresAt: number;
  touch(): boolean;
  live(): boolean;
}

/** How a connection reaches its client: send a binary frame, or close with a code and reason. */
export interface Transport {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

// A client legitimately sends one awareness entry (its own); a few more allows for a changed
// clientID. Thousands would let one socket flood every peer with fake cursors.
const MAX_AWARENESS_ENTRIES = 16;
// Bounds the saved-ack size and the memory a hostile client can make us keep.
const MAX_TRACKED_CLIENTS = 64;

/** A client on a room: decodes its messages, enforces its role, and sends it frames. */
export class Connection {
  closed = false;
  /** Closed for a shutdown, but messages already on the wire are still taken (and stored). */
  draining = false;
  /** Whether the client asked for saved acks (sent MESSAGE_SAVED). */
  wantsSaved = false;
  /** Set by the heartbeat; any message or pong proves the client alive. */
  alive = true;
  /** Yjs client ids whose structs this connection sent (for saved acks); made on first update. */
  sentClients: Set<number> | null = null;
  /** Awareness client ids this connection set, removed when it closes. */
  awarenessClients: Set<number> | null = null;

  /** When the session was last touched by this connection's editing (ms since epoch). */
  private sessionTouchedAt: number;
  private sessionTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly room: Room,
    private readonly transport: Transport,
    readonly userId: string,
    readonly readOnly: boolean,
    private readonly session: ConnectionSession | null = null,
  ) {
    // The upgrade itself just counted as activity (authorizeCollab looked the session up).
    this.sessionTouchedAt = Date.now();
    if (session) {
      // An ended session is noticed within one interval even if nothing is typed.
      this.sessionTimer = setInterval(this.checkSession, session.intervalMs);
      this.sessionTimer.unref();
    }
  }

  /** Handles one binary message from the client. */
  receive(message: Uint8Array): void {
    if ((this.closed && !this.draining) || this.room.destroyed) return;
    this.alive = true;
    try {
      if (message.length > this.room.options.messageBytes) {
        this.close(CloseCode.MessageTooLarge, 'message too large');
        return;
      }
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC:
          this.receiveSync(decoder);
          break;
        case MESSAGE_AWARENESS:
          this.receiveAwareness(decoding.readVarUint8Array(decoder));
          break;
        case MESSAGE_QUERY_AWARENESS: {
          const clients = [...this.room.awareness.getStates().keys()];
          if (clients.length > 0) this.send(awarenessFrame(this.room.awareness, clients));
          break;
        }
        case MESSAGE_AUTH:
          break;
        case MESSAGE_SAVED:
          this.wantsSaved = true;
          break;
        default:
          this.close(CloseCode.Malformed, 'unknown message type');
      }
    } catch (err) {
      this.room.log('collab: malformed message closed a connection', this.room.pageId, (err as Error)?.message);
      this.close(CloseCode.Malformed, 'malformed message');
    }
  }

  private receiveSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === SYNC_STEP1) {
      this.send(this.room.syncStep2For(decoding.readVarUint8Array(decoder)));
    } else if (step === SYNC_STEP2 || step === SYNC_UPDATE) {
      const update = decoding.readVarUint8Array(decoder);
      if (!this.editingKeepsSession()) return;
      // Reviewers and readers stay connected and keep receiving; their edits are simply not taken.
      if (!this.readOnly) this.room.applyClientUpdate(this, update);
    } else {
      this.close(CloseCode.Malformed, 'unknown sync message');
    }
  }

  /**
   * Editing counts as activity: at most once per interval a document update touches the session
   * (touching well inside the idle limit keeps it from lapsing while someone types). Presence and
   * cursor traffic do not count, or an open tab would keep a session alive forever. Returns false
   * (and closes with 4401) if the session has ended; past its absolute end, at the first update.
   */
  private editingKeepsSession(): boolean {
    if (!this.session) return true;
    const now = Date.now();
    if (now - this.sessionTouchedAt < this.session.intervalMs && now < this.session.expiresAt) return true;
    this.sessionTouchedAt = now;
    let live: boolean;
    try {
      live = this.session.touch();
    } catch (err) {
      // A failed write is not proof the session ended: keep the edit, try again next interval.
      this.room.log('collab: could not touch a session', (err as Error)?.message);
      return true;
    }
    if (live) return true;
    this.close(CloseCode.Unauthenticated, 'session ended');
    return false;
  }

  private checkSession = (): void => {
    if (this.closed) return this.stopSessionTimer();
    try {
      if (!this.session!.live()) this.close(CloseCode.Unauthenticated, 'session ended');
    } catch (err) {
      // A failed read is not proof the session ended; look again next interval.
      this.room.log('collab: could not check a session', (err as Error)?.message);
    }
  };

  private stopSessionTimer(): void {
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    this.sessionTimer = null;
  }

  private receiveAwareness(update: Uint8Array): void {
    const problem = checkAwarenessUpdate(update, this.room.options.awarenessBytes, MAX_AWARENESS_ENTRIES);
    if (problem === 'too-large') this.close(CloseCode.MessageTooLarge, 'awareness state too large');
    else if (problem) this.close(CloseCode.Malformed, 'malformed awareness update');
    else applyAwarenessUpdate(this.room.awareness, update, this);
  }

  /** Remembers the Yjs client ids of an update this connection sent. */
  noteClients(clients: Iterable<number>): void {
    const set = (this.sentClients ??= new Set());
    for (const client of clients) {
      if (set.size >= MAX_TRACKED_CLIENTS && !set.has(client)) set.delete(set.values().next().value!);
      set.add(client);
    }
  }

  /** Sends a frame unless the connection is closed. */
  send(frame: Uint8Array): void {
    if (this.closed) return;
    try {
      this.transport.send(frame);
    } catch (err) {
      this.room.log('collab: send failed', (err as Error)?.message);
      this.close(CloseCode.LoadFailed, 'send failed');
    }
  }

  /** Closes the connection with a named code and leaves the room. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.stopSessionTimer();
    this.draining = code === CloseCode.ServerShutdown;
    try {
      this.transport.close(code, reason);
    } catch {
      // The transport is already gone; leaving the room is all that is left to do.
    }
    this.room.detach(this);
  }

  /** Called by the transport when the client went away. */
  transportClosed(): void {
    this.draining = false;
    this.stopSessionTimer();
    if (this.closed) return;
    this.closed = true;
    this.room.detach(this);
  }
}
