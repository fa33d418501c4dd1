/**
 * Import previews waiting for the person to confirm them, kept in memory by a random id for 30
 * minutes. Each belongs to one person and one paper: anyone else asking for it is told it does not
 * exist. Expired previews are swept whenever the store is used, and their pictures released through
 * the given callback. One instance per app, passed explicitly (never a module singleton).
 */
import { randomBytes } from 'node:crypto';
import type { StoredImport } from './heldImport.js';

/** A preview waiting for confirmation. */
export interface PendingImport extends StoredImport {
  id: string;
  paperId: string;
  userId: string;
  fileName: string;
  expiresAt: number;
}

/** How long a preview waits. */
export const IMPORT_PREVIEW_MS = 30 * 60 * 1000;
/** Most previews one person may have waiting; the oldest is dropped beyond it. */
const MOST_PER_PERSON = 5;

/** Pending previews by id. */
export class ImportSessions {
  private readonly pending = new Map<string, PendingImport>();

  constructor(
    /** Called with each preview that expires or is dropped unconfirmed (to release its pictures). */
    private readonly onDropped: (pending: PendingImport) => void,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = IMPORT_PREVIEW_MS,
  ) {}

  /** Keeps a converted file for its person and returns the waiting preview. */
  add(input: { paperId: string; userId: string; fileName: string; converted: StoredImport }): PendingImport {
    this.sweep();
    const mine = [...this.pending.values()].filter((p) => p.userId === input.userId);
    for (const old of mine.slice(0, Math.max(0, mine.length - MOST_PER_PERSON + 1))) this.drop(old.id);
    const entry: PendingImport = { ...input.converted, id: randomBytes(16).toString('base64url'), paperId: input.paperId, userId: input.userId, fileName: input.fileName, expiresAt: this.now() + this.ttlMs };
    this.pending.set(entry.id, entry);
    return entry;
  }

  /** The person's waiting preview in this paper, or null (unknown, expired, or someone else's). */
  get(id: string, paperId: string, userId: string): PendingImport | null {
    this.sweep();
    const entry = this.pending.get(id);
    return entry && entry.paperId === paperId && entry.userId === userId ? entry : null;
  }

  /** Forgets a preview that was confirmed (its pictures now belong to pages). */
  finish(id: string): void {
    this.pending.delete(id);
  }

  /** Drops a preview unconfirmed, releasing its pictures. */
  drop(id: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    this.onDropped(entry);
  }

  /** How many previews are waiting (for tests and diagnostics). */
  get size(): number {
    return this.pending.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const entry of [...this.pending.values()]) if (entry.expiresAt <= now) this.drop(entry.id);
  }
}
