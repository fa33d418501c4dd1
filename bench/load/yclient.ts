/**
 * Load clients that speak the y-websocket protocol directly (no provider), cheap enough to run
 * hundreds in one process. A typist edits a real Y.Doc and sends each update with a marker
 * ("#M<n>#") in its text; every client scans every frame it receives for markers and records the
 * latency from the typist's send time. The same bytes work against the plain echo relay, and
 * against Hocuspocus through its dialect (dialect.ts).
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { FRAGMENT_NAME, MESSAGE_SAVED, MESSAGE_SYNC } from '../../shared/collab.js';
import type { Dialect } from './dialect.js';

// Hocuspocus answers a step 1 with a "SyncReply" (4) frame that carries a sync message like SYNC.
const HOCUSPOCUS_SYNC_REPLY = 4;

export interface Target {
  /** ws://127.0.0.1:port/collab (Quire), ws://127.0.0.1:port (the others). */
  base: string;
  room: string;
  cookie?: string;
  dialect: Dialect;
}

/** Send times of markers, shared by the typists and readers of one run. */
export class MarkerClock {
  private readonly sentAt: number[] = [];
  private readonly sender: number[] = [];
  readonly latencies: number[] = [];
  received = 0;
  /** Allocates a marker for a client and records its send time. */
  mark(sender: number): number {
    this.sender.push(sender);
    return this.sentAt.push(performance.now()) - 1;
  }
  /** How many markers were sent. */
  get sent(): number {
    return this.sentAt.length;
  }
  /** Records every marker found in a frame that a client other than its sender received. */
  scan(frame: Buffer, receiver: number): void {
    let at = frame.indexOf('#M');
    if (at < 0) return;
    const now = performance.now();
    while (at >= 0) {
      const end = frame.indexOf('#', at + 2);
      if (end < 0) break;
      const id = Number(frame.toString('latin1', at + 2, end));
      const sent = this.sentAt[id];
      if (sent !== undefined && this.sender[id] !== receiver) {
        this.latencies.push(now - sent);
        this.received++;
      }
      at = frame.indexOf('#M', end + 1);
    }
  }
}

/** Opens a socket to a room and sends the dialect's opening frames. */
export function openSocket(target: Target): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target.dialect.url(target.base, target.room), { headers: target.cookie ? { cookie: target.cookie } : {}, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => {
      for (const frame of target.dialect.hello(target.room)) ws.send(frame);
      resolve(ws);
    });
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code} before open`)));
  });
}

/** Encodes a sync step 1 for a state vector (empty: the client has nothing). */
export function syncStep1(target: Target, stateVector: Uint8Array = new Uint8Array([0])): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return target.dialect.wrap(target.room, encoding.toUint8Array(encoder));
}

/** Encodes a sync update frame. */
export function updateMessage(target: Target, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return target.dialect.wrap(target.room, encoding.toUint8Array(encoder));
}

/** The sync step (0, 1, 2) of a received frame and a decoder at its payload, or null for other messages. */
function readSync(target: Target, data: Buffer): { step: number; decoder: decoding.Decoder } | null {
  const decoder = target.dialect.unwrap(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  const type = decoding.readVarUint(decoder);
  if (type !== MESSAGE_SYNC && type !== HOCUSPOCUS_SYNC_REPLY) return null;
  return { step: decoding.readVarUint(decoder), decoder };
}

/** A reader: asks for the document once, then only scans frames for markers. */
export async function connectReader(target: Target, clock: MarkerClock, id: number): Promise<WebSocket> {
  const ws = await openSocket(target);
  ws.on('message', (data: Buffer) => clock.scan(data, id));
  ws.send(syncStep1(target));
  return ws;
}

/**
 * Connects and waits for the server's step 2 (the client is synced). With a doc, its state vector
 * is sent and the step 2 applied to it; with only a state vector, that vector is announced (a
 * client that holds the page already). Resolves with the socket and the milliseconds it took from
 * starting to connect.
 */
export async function syncClient(target: Target, { doc, stateVector, timeoutMs = 30_000 }: { doc?: Y.Doc; stateVector?: Uint8Array; timeoutMs?: number } = {}): Promise<{ ws: WebSocket; ms: number }> {
  const start = performance.now();
  const ws = await openSocket(target);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no step 2 within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (data: Buffer) => {
      const sync = readSync(target, data);
      if (!sync || sync.step !== syncProtocol.messageYjsSyncStep2) return;
      const update = decoding.readVarUint8Array(sync.decoder);
      if (doc) Y.applyUpdate(doc, update, 'server');
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve({ ws, ms: performance.now() - start });
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => reject(new Error(`closed ${code} before sync`)));
    ws.send(syncStep1(target, doc ? Y.encodeStateVector(doc) : stateVector));
  });
}

/**
 * Sends an update and resolves once the server has applied it: a step 1 sent after it is answered
 * in order, so its step 2 proves the update was taken (Quire stores it in the same turn).
 */
export async function pushUpdate(ws: WebSocket, target: Target, update: Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to the pushed update')), 30_000);
    const onMessage = (data: Buffer) => {
      const sync = readSync(target, data);
      if (!sync || sync.step !== syncProtocol.messageYjsSyncStep2) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
    ws.send(updateMessage(target, update));
    ws.send(syncStep1(target));
  });
}

/** Asks Quire for saved acks (other servers ignore or never see it). */
export function subscribeSaved(ws: WebSocket): void {
  ws.send(new Uint8Array([MESSAGE_SAVED]));
}

/** A typist with a real Y.Doc, synced with the server before typing starts (when the server answers). */
export class Typist {
  readonly doc = new Y.Doc();
  /** Bytes of the Yjs updates this typist sent (without framing). */
  updateBytes = 0;
  private text!: Y.XmlText;
  private constructor(
    readonly ws: WebSocket,
    private readonly clock: MarkerClock,
    readonly id: number,
  ) {}

  /**
   * Connects, syncs, and adds the typist's own paragraph. After the sync the typist no longer
   * applies what others type (hundreds of docs would cost the load process more than the server);
   * it only scans incoming frames for markers, like a reader.
   */
  static async connect(target: Target, clock: MarkerClock, id: number, waitForSync: boolean): Promise<Typist> {
    const ws = await openSocket(target);
    const typist = new Typist(ws, clock, id);
    let synced = false;
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        if (synced) {
          clock.scan(data, id);
          return;
        }
        const sync = readSync(target, data);
        if (!sync) return;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const decoder = decoding.createDecoder(new Uint8Array([sync.step, ...decoding.readTailAsUint8Array(sync.decoder)]));
        syncProtocol.readSyncMessage(decoder, encoder, typist.doc, 'server');
        if (encoding.length(encoder) > 1) ws.send(target.dialect.wrap(target.room, encoding.toUint8Array(encoder)));
        if (sync.step === syncProtocol.messageYjsSyncStep2) {
          synced = true;
          resolve();
        }
      });
    });
    ws.send(syncStep1(target));
    if (waitForSync) await done;
    synced = true;
    const paragraph = new Y.XmlElement('paragraph');
    typist.text = new Y.XmlText();
    paragraph.insert(0, [typist.text]);
    typist.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'server') return;
      typist.updateBytes += update.length;
      ws.send(updateMessage(target, update));
    });
    typist.doc.getXmlFragment(FRAGMENT_NAME).push([paragraph]);
    return typist;
  }

  /** Types one marker: one Yjs update, one message. */
  type(): void {
    const marker = this.clock.mark(this.id);
    this.text.insert(this.text.length, `#M${marker}# `);
  }
}

/** A document of about `chars` characters in paragraphs of 500, as one Yjs update. */
export function contentUpdate(chars: number, seed = 1): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  const words = ['briefing', 'paper', 'minister', 'evidence', 'policy', 'cost', 'risk', 'option', 'summary', 'the', 'of', 'and'];
  const paragraphs: Y.XmlElement[] = [];
  let written = 0;
  let n = seed;
  while (written < chars) {
    let line = '';
    while (line.length < Math.min(500, chars - written)) line += words[(n = (n * 1103515245 + 12345) % 2 ** 31) % words.length] + ' ';
    line = line.slice(0, Math.min(500, chars - written));
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(line)]);
    paragraphs.push(p);
    written += line.length;
  }
  fragment.push(paragraphs);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Opens `count` sockets with at most `parallel` handshakes at a time. */
export async function inBatches<T>(count: number, parallel: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, (_, j) => open(i + j)));
    out.push(...batch);
  }
  return out;
}
