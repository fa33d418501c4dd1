/**
 * The WebSocket adapter: completes upgrades on `ws`, turns each socket into a Transport for a
 * Connection, and keeps sockets honest with a heartbeat. Refusals complete the upgrade and close
 * at once with a named code, because a browser cannot read the status of a failed handshake.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { CloseCode, COLLAB_PATH } from '../../shared/collab.js';
import { pageIdFromUrl, type CollabRequest } from './authorize.js';
import type { Connection, Transport } from './connection.js';
import type { Log } from './options.js';

/** A decision on a connection attempt: refuse with a code, or join the (loaded) room. */
export type Admission = { ok: false; code: number; reason: string } | { ok: true; join(transport: Transport): Connection | null };

// A client that lets this much pile up unread is not keeping up; dropping it protects the server.
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

const ignore = () => {};

/** Serves the collaboration protocol over WebSockets for one collab server. */
export class WsEndpoint {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Map<WebSocket, Connection>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly admit: (req: CollabRequest) => Promise<Admission>,
    maxMessageBytes: number,
    heartbeatMs: number,
    private readonly log: Log,
  ) {
    // ws itself closes (1009) above maxPayload; leave room above our limit so we send the named code.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes + 1024 * 1024, perMessageDeflate: false, clientTracking: false });
    this.heartbeat = setInterval(this.beat, heartbeatMs);
    this.heartbeat.unref();
  }

  /** Handles an HTTP upgrade for a /collab/ URL. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A peer resetting mid-handshake must not become an uncaught error.
    socket.on('error', ignore);
    const request: CollabRequest = {
      pageId: pageIdFromUrl(req.url, COLLAB_PATH),
      origin: req.headers.origin,
      host: req.headers.host,
      cookie: req.headers.cookie,
    };
    this.admit(request)
      .then((admission) => {
        if (!admission.ok) this.refuse(req, socket, head, admission.code, admission.reason);
        else this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, admission));
      })
      .catch((err) => {
        this.log('collab: upgrade failed', err);
        socket.destroy();
      });
  }

  private open(ws: WebSocket, admission: Extract<Admission, { ok: true }>): void {
    ws.on('error', ignore);
    let conn: Connection | null;
    try {
      conn = admission.join(wsTransport(ws));
    } catch (err) {
      this.log('collab: joining a room failed', err);
      ws.close(CloseCode.LoadFailed, 'could not join');
      return;
    }
    if (!conn) return;
    const joined = conn;
    this.sockets.set(ws, joined);
    // Connection.receive catches its own errors; closing is guarded here because it runs room code.
    ws.on('message', (data) => joined.receive(data as Buffer));
    ws.on('pong', () => (joined.alive = true));
    ws.on('close', () => {
      this.sockets.delete(ws);
      try {
        joined.transportClosed();
      } catch (err) {
        this.log('collab: error while a connection left', err);
      }
    });
  }

  private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', ignore);
      ws.close(code, reason);
    });
  }

  private beat = () => {
    for (const [ws, conn] of this.sockets) {
      try {
        if (!conn.alive) {
          ws.terminate();
          continue;
        }
        conn.alive = false;
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  };

  /** Waits up to `timeoutMs` for open sockets to finish closing, then terminates the rest. */
  async close(timeoutMs: number): Promise<void> {
    clearInterval(this.heartbeat);
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const ws of this.sockets.keys()) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function wsTransport(ws: WebSocket): Transport {
  return {
    send(frame) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        return;
      }
      ws.send(frame);
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close(code, reason);
    },
  };
}
