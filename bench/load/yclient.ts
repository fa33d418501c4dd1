/**
 * Load clients that speak the y-websocket protocol directly (no provider), cheap enough to run
 * hundreds in one process. A typist edits a real Y.Doc and sends each update with a marker
 * ("#M<n>#") in its text; readers scan every frame they receive for markers and record latency
 * from the typist's send time. The same bytes work against the plain echo relay.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { FRAGMENT_NAME, MESSAGE_SYNC } from '../../shared/collab.js';

export interface Target {
  /** ws://127.0.0.1:port/collab (Quire) or ws://127.0.0.1:port/room (relay). */
  base: string;
  room: string;
  cookie?: string;
}

/** Send times of markers, shared by the typists and readers of one run. */
export class MarkerClock {
  private next = 0;
  readonly sentAt = new Map<number, number>();
  readonly latencies: number[] = [];
  received = 0;
  /** Allocates a marker and records its send time. */
  mark(): number {
    const id = this.next++;
    this.sentAt.set(id, performance.now());
    return id;
  }
  /** Records every marker found in a frame. */
  scan(frame: Buffer): void {
    let at = frame.indexOf('#M');
    while (at >= 0) {
      const end = frame.indexOf('#', at + 2);
      if (end < 0) break;
      const id = Number(frame.toString('latin1', at + 2, end));
      const sent = this.sentAt.get(id);
      if (sent !== undefined) {
        this.latencies.push(performance.now() - sent);
        this.received++;
      }
      at = frame.indexOf('#M', end + 1);
    }
  }
}

function open(target: Target): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${target.base}/${target.room}`, { headers: target.cookie ? { cookie: target.cookie } : {}, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code} before open`)));
  });
}

function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** A reader: asks for the document once, then only scans frames for markers. */
export async function connectReader(target: Target, clock: MarkerClock): Promise<WebSocket> {
  const ws = await open(target);
  ws.on('message', (data: Buffer) => clock.scan(data));
  ws.send(syncStep1(new Y.Doc()));
  return ws;
}

/** A typist with a real Y.Doc, synced with the server before typing starts (when the server answers). */
export class Typist {
  readonly doc = new Y.Doc();
  private text!: Y.XmlText;
  private constructor(readonly ws: WebSocket, private clock: MarkerClock) {}

  static async connect(target: Target, clock: MarkerClock, waitForSync: boolean): Promise<Typist> {
    const ws = await open(target);
    const typist = new Typist(ws, clock);
    const synced = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const type = syncProtocol.readSyncMessage(decoder, encoder, typist.doc, 'server');
        if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
        if (type === syncProtocol.messageYjsSyncStep2) resolve();
      });
    });
    ws.send(syncStep1(typist.doc));
    if (waitForSync) await synced;
    const paragraph = new Y.XmlElement('paragraph');
    typist.text = new Y.XmlText();
    paragraph.insert(0, [typist.text]);
    typist.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'server') return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      ws.send(encoding.toUint8Array(encoder));
    });
    typist.doc.getXmlFragment(FRAGMENT_NAME).push([paragraph]);
    return typist;
  }

  /** Types one marker: one Yjs update, one message. */
  type(): void {
    const id = this.clock.mark();
    this.text.insert(this.text.length, `#M${id}# `);
  }
}
