/**
 * "Is my text stored?" The collab server, once subscribed with a one-byte MESSAGE_SAVED message,
 * sends MESSAGE_SAVED + varuint n + n pairs (clientId, clock) after each commit: the highest
 * clock stored for each Yjs client id. PendingChanges remembers, per client id, the clock our
 * own edits reached; a page is saved when every one is covered. It is kept in localStorage so
 * edits made before a reload (under an older client id) still count until the server has them.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MESSAGE_SAVED } from '../../shared/collab.js';

/** The subscribe message: MESSAGE_SAVED with no payload. */
export function savedSubscribeMessage(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVED);
  return encoding.toUint8Array(encoder);
}

/** Reads the pairs of a saved-ack message (the type byte already read). */
export function readSavedAck(decoder: decoding.Decoder): Map<number, number> {
  const acks = new Map<number, number>();
  const n = decoding.readVarUint(decoder);
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    acks.set(clientId, clock);
  }
  return acks;
}

/** Our own edits per Yjs client id that the server has not confirmed storing yet. */
export class PendingChanges {
  private readonly pending: Map<number, number>;

  constructor(private readonly storageKey: string) {
    this.pending = new Map(load(storageKey));
  }

  /** Notes that our client `clientId` has made edits up to `clock` (Y.getState). */
  record(clientId: number, clock: number): void {
    if ((this.pending.get(clientId) ?? -1) >= clock) return;
    this.pending.set(clientId, clock);
    this.save();
  }

  /** Applies the server's stored clocks; returns true if anything was confirmed. */
  ack(acks: Map<number, number>): boolean {
    let changed = false;
    for (const [clientId, clock] of acks) {
      const want = this.pending.get(clientId);
      if (want !== undefined && clock >= want) {
        this.pending.delete(clientId);
        changed = true;
      }
    }
    if (changed) this.save();
    return changed;
  }

  /** Drops client ids whose edits the server's state vector already covers (it loaded them from storage). */
  coveredBy(stateVector: Map<number, number>): boolean {
    return this.ack(stateVector);
  }

  /** True when every edit we made is confirmed stored. */
  get saved(): boolean {
    return this.pending.size === 0;
  }

  private save() {
    try {
      if (this.pending.size === 0) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, JSON.stringify([...this.pending]));
    } catch {
      /* Storage full or blocked: the status is then only right for this session. */
    }
  }
}

function load(key: string): [number, number][] {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((e): e is [number, number] => Array.isArray(e) && e.length === 2 && e.every(Number.isInteger)) : [];
  } catch {
    return [];
  }
}
