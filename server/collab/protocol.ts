/**
 * The y-websocket wire protocol, as Quire's server speaks it. Every binary message starts with a
 * varuint type. SYNC (0) carries a y-protocols sync message: step 1 (a state vector; the server
 * answers with step 2, the updates the client lacks), step 2 (the client's missing updates) or
 * update (a new edit). AWARENESS (1) carries a y-protocols awareness update (cursors, names), which
 * the server keeps per room and relays but never stores. AUTH (2) is y-websocket's permission
 * message; clients never need to send it and the server ignores it. QUERY_AWARENESS (3) asks for
 * every awareness state. SAVED (100) is ours: a client sends [100] once to subscribe, and after each
 * SQLite commit that stored its updates the server sends [100, n, n x (clientId, clock)], the
 * state now stored for each Yjs client id the connection sent structs for or uses in awareness
 * (a delete-only edit names no client of its sender). The server's own step 1
 * (sent to writers on connect) holds only stored state, so a client may treat it as an ack too.
 * Frames are encoded here once and the same bytes are sent to every recipient.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from '../../shared/collab.js';

export { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC };

/** Sync step 1: the sender's state vector (y-protocols/sync). */
export const SYNC_STEP1 = 0;
/** Sync step 2: the updates the other side lacks. */
export const SYNC_STEP2 = 1;
/** A new update. */
export const SYNC_UPDATE = 2;

/** Encodes [SYNC, STEP1, state vector of doc]. */
export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

/** Encodes [SYNC, STEP2, what doc has beyond the state vector]; throws if the state vector is malformed. */
export function syncStep2Frame(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP2);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, stateVector));
  return encoding.toUint8Array(encoder);
}

/** Encodes [SYNC, UPDATE, update]. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_UPDATE);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Encodes [AWARENESS, awareness update of these clients]. */
export function awarenessFrame(awareness: Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** Encodes [SAVED, n, n x (clientId, clock)]. */
export function savedFrame(clocks: Iterable<[clientId: number, clock: number]>): Uint8Array {
  const pairs = [...clocks];
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVED);
  encoding.writeVarUint(encoder, pairs.length);
  for (const [client, clock] of pairs) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes a SAVED frame's body (after the type) into clientId -> clock. */
export function readSaved(decoder: decoding.Decoder): Map<number, number> {
  const out = new Map<number, number>();
  const n = decoding.readVarUint(decoder);
  for (let i = 0; i < n; i++) out.set(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
  return out;
}

// As lib0 decodes awareness strings: invalid UTF-8 throws.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Why an awareness update was refused, or null if its shape and sizes are acceptable. */
export function checkAwarenessUpdate(update: Uint8Array, maxStateBytes: number, maxEntries: number): 'too-large' | 'malformed' | null {
  // Check sizes before parsing any JSON: y-protocols encodes each state as a varstring, whose wire
  // form is a varuint8array, so its byte length is read without decoding it.
  const decoder = decoding.createDecoder(update);
  const n = decoding.readVarUint(decoder);
  if (n > maxEntries) return 'malformed';
  const states: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const state = decoding.readVarUint8Array(decoder);
    if (state.length > maxStateBytes) return 'too-large';
    states.push(state);
  }
  // y-protocols sets each entry as it parses it, so a bad JSON entry after a good one would leave the
  // good one behind, owned by no connection (and never removed when it closes). Parse them all first.
  try {
    for (const state of states) JSON.parse(utf8.decode(state));
  } catch {
    return 'malformed';
  }
  return null;
}
