/**
 * Tunable settings of a collab server. Defaults suit production; tests shorten the timers through
 * CollabServer's `options` dependency or by changing `collab.options` on a running server.
 */
import { limits } from '../../shared/limits.js';

/** Limits and timers of one collab server. */
export interface CollabOptions {
  /** Largest single message, in bytes (closes with MessageTooLarge above it). */
  messageBytes: number;
  /** Largest stored page (snapshot + logged updates), in bytes (closes with PageTooLarge above it). */
  pageBytes: number;
  /** Largest awareness state of one client, in bytes. */
  awarenessBytes: number;
  /** Most structs and values one update may carry (each costs Yjs about a microsecond to decode and apply). */
  updateWork: number;
  /** Most Yjs client sections one update's structs may carry (each costs Yjs a map entry and a state-vector slot). */
  updateSections: number;
  /** Most delete-set ranges one update may carry (a rejoining client sends the page's whole delete set). */
  updateDeleteRanges: number;
  /** Most Yjs client sections one update's delete set may carry. */
  updateDeleteSections: number;
  /** A room leaves memory this long after its last client left. */
  unloadGraceMs: number;
  /** Compact a page once this many updates are logged after its snapshot. */
  compactAfterUpdates: number;
  /** pages.last_edited_* and 'page:edited' are written at most once per this interval per page. */
  editedThrottleMs: number;
  /**
   * Under load, the write queue commits and broadcasts at most once per this interval (the first
   * write after a quiet spell still goes out at the end of its turn). Coalescing a busy stretch
   * into one commit and one frame per client saves CPU and disk writes, but the bench showed no
   * latency gain (docs/performance.md), so the default 0 flushes at the end of every turn.
   */
  flushIntervalMs: number;
  /** An automatic revision is taken once editing on a page has been quiet this long. */
  revisionQuietMs: number;
  /** During continuous editing, an automatic revision is taken at least this long after the first edit since the previous one. */
  revisionMaxMs: number;
  /** On shutdown, the revisions owed by open pages get this long to be stored; any left are taken at the next start. */
  revisionShutdownMs: number;
  /** Idle sockets are pinged this often; one that missed the previous ping is terminated. */
  heartbeatMs: number;
  /** On shutdown, sockets that have not finished closing after this long are terminated. */
  closeTimeoutMs: number;
}

/** The defaults; each can be overridden per server. */
export function defaultCollabOptions(): CollabOptions {
  return {
    messageBytes: limits.collabMessageBytes,
    pageBytes: limits.pageBytes,
    awarenessBytes: limits.awarenessBytes,
    // Sized so decoding and applying the worst update under these bounds stays well under 100 ms of
    // event-loop time on a small machine (tests/integration/fault-fuzz.test.ts measures it).
    updateWork: 20_000,
    updateSections: 1_000,
    updateDeleteRanges: 50_000,
    updateDeleteSections: 10_000,
    unloadGraceMs: 3_000,
    compactAfterUpdates: 500,
    editedThrottleMs: 5_000,
    flushIntervalMs: 0,
    revisionQuietMs: 60_000,
    revisionMaxMs: 600_000,
    revisionShutdownMs: 3_000,
    heartbeatMs: 30_000,
    closeTimeoutMs: 2_000,
  };
}

/** The logger every collab part writes problems to. */
export type Log = (...args: unknown[]) => void;
