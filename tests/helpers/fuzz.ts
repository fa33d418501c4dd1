/**
 * Hostile collab frames from a seeded generator: empty, truncated and bit-flipped updates, garbage,
 * huge declared lengths, updates packed to make Yjs work hard, hostile awareness messages and
 * oversized frames. Each case says whether the server must close the connection for it.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { FRAGMENT_NAME, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../../shared/collab.js';
import { SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '../../server/collab/protocol.js';
import type { Rng } from './rng.js';

/** One hostile frame. `mustClose`: the server has to close the sender; otherwise it may keep it. */
export interface FuzzCase {
  kind: string;
  bytes: Uint8Array;
  mustClose: boolean;
}

/** Builds a frame from varuints (numbers) and length-prefixed byte arrays. */
export function frame(...parts: (number | Uint8Array)[]): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeVarUint(encoder, part);
    else encoding.writeVarUint8Array(encoder, part);
  }
  return encoding.toUint8Array(encoder);
}

const encode = (fn: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  fn(e);
  return encoding.toUint8Array(e);
};
const w = encoding.writeVarUint;

/** Bytes filled fast from the generator (one draw per 4 bytes), for multi-megabyte frames. */
export function fastBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const view = new DataView(out.buffer);
  let i = 0;
  for (; i + 4 <= n; i += 4) view.setUint32(i, (rng.next() * 4294967296) >>> 0);
  for (; i < n; i++) out[i] = rng.int(0, 255);
  return out;
}

/** Real updates to mutate: paragraphs, formatted text, deletions, as a y-prosemirror client writes them. */
export function sampleUpdates(rng: Rng, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const frag = doc.getXmlFragment(FRAGMENT_NAME);
  while (out.length < count) {
    const p = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    p.insert(0, [text]);
    frag.insert(rng.int(0, frag.length), [p]);
    text.insert(0, rng.word(12) + ' ' + rng.word(12), rng.chance(0.3) ? { strong: {} } : undefined);
    if (rng.chance(0.3) && frag.length > 1) frag.delete(rng.int(0, frag.length - 1), 1);
  }
  out.push(Y.encodeStateAsUpdate(doc));
  return out;
}

function awarenessUpdate(entries: [client: number, clock: number, json: string][]): Uint8Array {
  return encode((e) => {
    w(e, entries.length);
    for (const [client, clock, json] of entries) {
      w(e, client);
      w(e, clock);
      encoding.writeVarString(e, json);
    }
  });
}

/** The heavy, deterministic cases: one of each, built once. */
export function heavyCases(rng: Rng, messageBytes: number): FuzzCase[] {
  const denseStructs = encode((e) => {
    const n = Math.floor((messageBytes - 64) / 2);
    w(e, 1), w(e, n), w(e, rng.int(1, 2 ** 30)), w(e, 0);
    for (let i = 0; i < n; i++) (encoding.writeUint8(e, 0), w(e, 1));
    w(e, 0);
  });
  const manyClients = encode((e) => {
    const n = Math.floor((messageBytes - 64) / 8);
    w(e, n);
    for (let i = 0; i < n; i++) (w(e, 1), w(e, 100_000 + i), w(e, 0), encoding.writeUint8(e, 0), w(e, 1));
    w(e, 0);
  });
  const manyRanges = encode((e) => {
    const n = Math.floor((messageBytes - 64) / 5);
    w(e, 0), w(e, 1), w(e, 12345), w(e, n);
    for (let i = 0; i < n; i++) (w(e, i * 2), w(e, 1));
  });
  const manyDsClients = encode((e) => {
    const n = Math.floor((messageBytes - 64) / 8);
    w(e, 0), w(e, n);
    for (let i = 0; i < n; i++) (w(e, 100_000 + i), w(e, 1), w(e, 0), w(e, 1));
  });
  // At the delete-set budget, so the walk lets them through; applied, they leave every range pending and are dropped.
  const rangesAtBudget = encode((e) => {
    w(e, 0), w(e, 1), w(e, 54321), w(e, 50_000);
    for (let i = 0; i < 50_000; i++) (w(e, i * 2), w(e, 1));
  });
  const dsClientsAtBudget = encode((e) => {
    w(e, 0), w(e, 10_000);
    for (let i = 0; i < 10_000; i++) (w(e, 200_000 + i), w(e, 1), w(e, 0), w(e, 1));
  });
  const bigStateVector = encode((e) => {
    const n = Math.floor((messageBytes - 64) / 8);
    w(e, n);
    for (let i = 0; i < n; i++) (w(e, 100_000 + i), w(e, 2 ** 20));
  });
  const deepAny = encode((e) => {
    w(e, 1), w(e, 1), w(e, 999), w(e, 0);
    encoding.writeUint8(e, 8), w(e, 1), encoding.writeVarString(e, 'a'), w(e, 1);
    for (let i = 0; i < 200_000; i++) (encoding.writeUint8(e, 117), w(e, 1));
    encoding.writeUint8(e, 127);
    w(e, 0);
  });
  const manyAnyValues = encode((e) => {
    const n = messageBytes - 64;
    w(e, 1), w(e, 1), w(e, 998), w(e, 0);
    encoding.writeUint8(e, 8), w(e, 1), encoding.writeVarString(e, 'a'), w(e, n);
    for (let i = 0; i < n; i++) encoding.writeUint8(e, 126);
    w(e, 0);
  });
  const sync = (step: number, payload: Uint8Array) => frame(MESSAGE_SYNC, step, payload);
  return [
    { kind: 'update of a million two-byte structs', bytes: sync(SYNC_UPDATE, denseStructs), mustClose: true },
    { kind: 'update naming 250k clients', bytes: sync(SYNC_STEP2, manyClients), mustClose: true },
    { kind: 'update of 400k delete ranges', bytes: sync(SYNC_UPDATE, manyRanges), mustClose: true },
    { kind: 'delete set naming 250k clients', bytes: sync(SYNC_UPDATE, manyDsClients), mustClose: true },
    { kind: 'delete set of 50k unknown ranges (the budget)', bytes: sync(SYNC_UPDATE, rangesAtBudget), mustClose: true },
    { kind: 'delete set naming 10k unknown clients (the budget)', bytes: sync(SYNC_UPDATE, dsClientsAtBudget), mustClose: true },
    { kind: 'update with 200k nested arrays', bytes: sync(SYNC_UPDATE, deepAny), mustClose: true },
    { kind: 'update of 2M null values', bytes: sync(SYNC_UPDATE, manyAnyValues), mustClose: true },
    { kind: 'step 1 with a 250k-client state vector', bytes: sync(SYNC_STEP1, bigStateVector), mustClose: false },
    { kind: 'frame one byte over the message limit', bytes: sync(SYNC_UPDATE, fastBytes(rng, messageBytes)), mustClose: true },
    { kind: 'frame above the socket payload cap', bytes: fastBytes(rng, messageBytes + 1024 * 1024 + 4096), mustClose: true },
  ];
}

const HUGE = [2 ** 31, 2 ** 32 + 1, 2 ** 53 - 1, 0x7fffffff];

/**
 * `n` random light cases. Mutated updates come back as candidates (`mustClose` true); the caller
 * keeps only those Yjs would refuse, since a flipped bit can also yield a valid edit.
 */
export function lightCases(rng: Rng, n: number, updates: Uint8Array[]): FuzzCase[] {
  const out: FuzzCase[] = [];
  const sync = (step: number, payload: Uint8Array) => frame(MESSAGE_SYNC, step, payload);
  for (let i = 0; i < n; i++) {
    const base = rng.pick(updates);
    switch (rng.int(0, 14)) {
      case 0:
        out.push({ kind: 'empty frame', bytes: new Uint8Array(0), mustClose: true });
        break;
      case 1:
        out.push({ kind: 'empty update', bytes: sync(rng.pick([SYNC_STEP2, SYNC_UPDATE]), new Uint8Array(0)), mustClose: true });
        break;
      case 2:
        out.push({ kind: 'truncated update', bytes: sync(SYNC_UPDATE, base.slice(0, rng.int(0, base.length - 1))), mustClose: true });
        break;
      case 3: {
        const u = Uint8Array.from(base);
        for (let k = rng.int(1, 4); k > 0; k--) u[rng.int(0, u.length - 1)] ^= 1 << rng.int(0, 7);
        out.push({ kind: 'bit-flipped update', bytes: sync(rng.pick([SYNC_STEP2, SYNC_UPDATE]), u), mustClose: true });
        break;
      }
      case 4:
        out.push({ kind: 'garbage', bytes: rng.bytes(rng.int(1, 300)), mustClose: false });
        break;
      case 5:
        out.push({ kind: 'garbage after a sync header', bytes: Uint8Array.of(MESSAGE_SYNC, rng.pick([SYNC_STEP2, SYNC_UPDATE]), ...rng.bytes(rng.int(1, 200))), mustClose: true });
        break;
      case 6:
        // A frame whose payload length says 2^31 and more.
        out.push({ kind: 'huge frame length', bytes: frame(MESSAGE_SYNC, rng.pick([SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE]), rng.pick(HUGE)), mustClose: true });
        break;
      case 7: {
        // An update whose struct count, client count, string or content length says 2^31 and more.
        const huge = rng.pick(HUGE);
        const u = rng.pick([
          encode((e) => w(e, huge)),
          encode((e) => (w(e, 1), w(e, huge), w(e, 5), w(e, 0), encoding.writeUint8(e, 4))),
          encode((e) => (w(e, 1), w(e, 1), w(e, 5), w(e, 0), encoding.writeUint8(e, 4), w(e, 1), w(e, huge), w(e, 0))),
          encode((e) => (w(e, 1), w(e, 1), w(e, 5), w(e, 0), encoding.writeUint8(e, 4), w(e, 1), encoding.writeVarString(e, 'prosemirror'), w(e, huge), w(e, 0))),
          encode((e) => (w(e, 1), w(e, 1), w(e, 5), w(e, 0), encoding.writeUint8(e, 8), w(e, 1), encoding.writeVarString(e, 'x'), w(e, huge), w(e, 0))),
          encode((e) => (w(e, 1), w(e, 1), w(e, 5), w(e, 0), encoding.writeUint8(e, 2), w(e, 1), encoding.writeVarString(e, 'x'), w(e, huge), w(e, 0))),
          encode((e) => (w(e, 0), w(e, huge))),
          encode((e) => (w(e, 0), w(e, 1), w(e, 5), w(e, huge))),
        ]);
        out.push({ kind: 'huge declared length in an update', bytes: sync(rng.pick([SYNC_STEP2, SYNC_UPDATE]), u), mustClose: true });
        break;
      }
      case 8:
        out.push({ kind: 'malformed state vector', bytes: sync(SYNC_STEP1, Uint8Array.of(rng.int(2, 127), ...rng.bytes(rng.int(0, 3)))), mustClose: true });
        break;
      case 9: {
        const clock = rng.pick([2 ** 53 - 1, 2 ** 32, 0]);
        const bytes = frame(MESSAGE_AWARENESS, awarenessUpdate([[rng.int(1, 2 ** 30), clock, JSON.stringify({ user: { name: rng.word() } })]]));
        out.push({ kind: 'awareness with a huge clock', bytes, mustClose: false });
        break;
      }
      case 10: {
        const big = JSON.stringify({ user: { name: 'x'.repeat(rng.int(9 * 1024, 100 * 1024)) } });
        out.push({ kind: 'awareness with giant JSON', bytes: frame(MESSAGE_AWARENESS, awarenessUpdate([[rng.int(1, 2 ** 30), 1, big]])), mustClose: true });
        break;
      }
      case 11: {
        const bad = rng.pick(['{"user":', '{', 'undefined', '\u0000', '{"a":1}}', '[1,2', 'nul']);
        out.push({ kind: 'awareness with invalid JSON', bytes: frame(MESSAGE_AWARENESS, awarenessUpdate([[rng.int(1, 2 ** 30), 1, bad]])), mustClose: true });
        break;
      }
      case 14: {
        // A good entry first: y-protocols sets it before it reaches the bad one and throws.
        const entries: [number, number, string][] = [[rng.int(1, 2 ** 30), 5, JSON.stringify({ user: { name: 'ghost' } })], [rng.int(1, 2 ** 30), 1, '{"broken":']];
        out.push({ kind: 'awareness with a good entry then invalid JSON', bytes: frame(MESSAGE_AWARENESS, awarenessUpdate(entries)), mustClose: true });
        break;
      }
      case 12: {
        const entries = Array.from({ length: rng.int(17, 5000) }, (_, k) => [k + 1, 1, '{}'] as [number, number, string]);
        out.push({ kind: 'awareness for many client ids', bytes: frame(MESSAGE_AWARENESS, awarenessUpdate(entries)), mustClose: true });
        break;
      }
      case 13:
        out.push({ kind: 'unknown message type', bytes: Uint8Array.of(rng.int(4, 99), ...rng.bytes(rng.int(0, 20))), mustClose: true });
        break;
    }
  }
  // MESSAGE_QUERY_AWARENESS with trailing junk is harmless; keep one so the happy types are exercised too.
  out.push({ kind: 'query awareness with junk', bytes: Uint8Array.of(MESSAGE_QUERY_AWARENESS, 1, 2, 3), mustClose: false });
  return out;
}
