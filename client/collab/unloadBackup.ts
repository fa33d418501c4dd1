/**
 * A last-moment copy of this session's own edits, for when the tab closes or reloads before
 * IndexedDB has finished writing them. y-indexeddb stores every update in its own transaction;
 * a fast typist can be a second ahead of those writes, and unloading the page aborts whatever is
 * still queued. So on 'pagehide' we write our unsaved edits, merged, to localStorage (which is
 * synchronous), and the next visit applies them once: applying a Yjs update twice is harmless.
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';

/** localStorage holds about 5 MB per site; past this size we rely on IndexedDB alone. */
const MAX_BACKUP_CHARS = 1_500_000;

/** The origin of updates applied from the backup, so they are not counted as new edits. */
export const BACKUP_ORIGIN = Symbol('quire-unload-backup');

export class UnloadBackup {
  private updates: Uint8Array[] = [];
  private readonly key: string;

  constructor(
    pageId: string,
    private readonly doc: Y.Doc,
  ) {
    this.key = `quire-backup-${pageId}`;
    window.addEventListener('pagehide', this.write);
  }

  /** Remembers one of our own edits until the server has stored it. */
  note(update: Uint8Array): void {
    this.updates.push(update);
    if (this.updates.length > 500) this.updates = [Y.mergeUpdates(this.updates)];
  }

  /** The server stored everything we wrote: nothing left to guard. */
  clear(): void {
    this.updates = [];
  }

  /** Applies (and forgets) a backup left by an earlier visit. Call after IndexedDB has loaded. */
  restore(): void {
    let raw: string | null = null;
    try {
      raw = localStorage.getItem(this.key);
      localStorage.removeItem(this.key);
    } catch {
      return;
    }
    if (!raw) return;
    try {
      Y.applyUpdate(this.doc, fromBase64(raw), BACKUP_ORIGIN);
    } catch {
      /* A damaged backup is dropped; IndexedDB still has everything it managed to store. */
    }
  }

  /** Stops listening for unload (the page view is closing normally; IndexedDB keeps writing). */
  destroy(): void {
    window.removeEventListener('pagehide', this.write);
  }

  private readonly write = () => {
    if (this.updates.length === 0) return;
    try {
      const text = toBase64(Y.mergeUpdates(this.updates));
      if (text.length <= MAX_BACKUP_CHARS) localStorage.setItem(this.key, text);
    } catch {
      /* Storage full or blocked: IndexedDB is all we have. */
    }
  };
}
