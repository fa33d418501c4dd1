/**
 * A network the test controls, for convergence fuzzing in the style of Yjs's own random tests:
 * each socket's frames (both directions) wait in queues until the test delivers them, in order per
 * socket and direction, a random few at a time. Closing a socket drops what is still queued, like
 * a dropped connection. In `passthrough` mode frames go straight through.
 */
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COLLAB_PATH, MESSAGE_SAVED } from '../../shared/collab.js';
import { readSaved } from '../../server/collab/protocol.js';
import type { CollabClient } from './collabClient.js';
import type { Rng } from './rng.js';

type Handler = ((event: unknown) => void) | null;

interface Pipe {
  socket: WebSocket;
  outbox: unknown[];
  inbox: unknown[];
  deliverIn: Handler;
  sendOut(data: unknown): void;
}

const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;

/** The sockets of a set of clients and their undelivered frames. */
export class FlakyNetwork {
  passthrough = false;
  private readonly pipes = new Set<Pipe>();

  constructor(private readonly rng: Rng) {}

  /** A `ws` WebSocket class whose frames go through this network, sending these headers. */
  socketClass(headers: Record<string, string>): new (url: string | URL, protocols?: string | string[]) => WebSocket {
    const network = this;
    return class FlakyWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers });
        const pipe: Pipe = {
          socket: this,
          outbox: [],
          inbox: [],
          deliverIn: null,
          sendOut: (data) => super.send(data as Buffer),
        };
        network.pipes.add(pipe);
        this.on('close', () => network.pipes.delete(pipe));
        onmessage.set!.call(this, (event: unknown) => {
          // y-websocket detaches its handler when it gives a socket up; what still arrives is dropped.
          if (!pipe.deliverIn) return;
          if (network.passthrough && pipe.inbox.length === 0) pipe.deliverIn(event);
          else pipe.inbox.push(event);
        });
        Object.defineProperty(this, 'onmessage', {
          configurable: true,
          get: () => pipe.deliverIn,
          set: (handler: Handler) => {
            pipe.deliverIn = handler;
            if (!handler) pipe.inbox.length = 0;
          },
        });
        (this as unknown as { send: (data: unknown) => void }).send = (data: unknown) => {
          if (this.readyState !== WebSocket.OPEN) return;
          if (network.passthrough && pipe.outbox.length === 0) pipe.sendOut(data);
          else pipe.outbox.push(data);
        };
      }
    };
  }

  /** How many frames wait in all queues. */
  get queued(): number {
    let n = 0;
    for (const pipe of this.pipes) n += pipe.outbox.length + pipe.inbox.length;
    return n;
  }

  /** Delivers up to `n` frames, each from a random socket and direction, oldest first in its queue. */
  deliverSome(n: number): void {
    for (let i = 0; i < n; i++) {
      const busy = [...this.pipes].filter((p) => p.outbox.length + p.inbox.length > 0);
      if (busy.length === 0) return;
      const pipe = this.rng.pick(busy);
      const outward = pipe.inbox.length === 0 || (pipe.outbox.length > 0 && this.rng.chance(0.5));
      if (outward) {
        const data = pipe.outbox.shift();
        if (pipe.socket.readyState === WebSocket.OPEN) pipe.sendOut(data);
      } else {
        const event = pipe.inbox.shift();
        pipe.deliverIn?.(event);
      }
    }
  }

  /** Delivers everything queued, in order. */
  deliverAll(): void {
    for (const pipe of this.pipes) {
      while (pipe.outbox.length) {
        const data = pipe.outbox.shift();
        if (pipe.socket.readyState === WebSocket.OPEN) pipe.sendOut(data);
      }
      // Shift before calling: `f?.(inbox.shift())` would not shift once f is gone, and spin forever.
      while (pipe.inbox.length) {
        const event = pipe.inbox.shift();
        pipe.deliverIn?.(event);
      }
    }
  }
}

/** A y-websocket provider on the flaky network, with Quire's saved acks recorded. */
export function connectFlakyClient(network: FlakyNetwork, wsUrl: string, pageId: string, cookie: string): CollabClient {
  const doc = new Y.Doc();
  const saved = new Map<number, number>();
  const closeCodes: number[] = [];
  const provider = new WebsocketProvider(wsUrl + COLLAB_PATH, pageId, doc, {
    WebSocketPolyfill: network.socketClass({ Cookie: cookie }) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
  });
  (provider.messageHandlers as unknown[])[MESSAGE_SAVED] = (_encoder: unknown, decoder: decoding.Decoder) => {
    for (const [client, clock] of readSaved(decoder)) saved.set(client, Math.max(clock, saved.get(client) ?? 0));
  };
  provider.on('status', ({ status }) => {
    if (status === 'connected') provider.ws?.send(Uint8Array.of(MESSAGE_SAVED));
  });
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  return { doc, provider, saved, closeCodes, destroy: () => provider.destroy() };
}
