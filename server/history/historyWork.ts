/**
 * The heavy part of history, as pure functions of bytes: rebuilding a revision from its chain
 * (a checkpoint and the deltas after it), measuring the change between two versions (words added,
 * removed, and on the page), the attributed diff, and a version's ProseMirror document. On a long
 * page each costs hundreds of milliseconds, so historyThread.ts runs them in a worker thread; the
 * same functions run in the server's thread only if the worker cannot start.
 */
import * as Y from 'yjs';
import type { Attribution } from './attribution.js';
import { NO_ATTRIBUTION } from './attribution.js';
import { attributionFrom, type AttributionRows } from './attributionStore.js';
import { diffStates, type DiffResult } from './diff/index.js';
import { countWords, pageDocOfState } from './pageText.js';

/** A version as bytes: a whole Yjs state, then any updates to apply on top (empty: the empty page). */
export type Chain = Uint8Array[];

/** One job for the history thread. */
export type HistoryJob =
  | { kind: 'measure'; older: Chain; newer: Chain }
  | { kind: 'diff'; older: Chain; newer: Chain; attribution: AttributionRows }
  | { kind: 'doc'; version: Chain };

/** What a revision records about its change. */
export interface Measure {
  wordsAdded: number;
  wordsRemoved: number;
  /** Words on the page at the newer version. */
  words: number;
}

/** The one Yjs state a chain stands for. */
export function stateOfChain(chain: Chain): Uint8Array {
  if (chain.length === 1) return chain[0];
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      for (const link of chain) Y.applyUpdate(doc, link);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** The words added and removed from `older` to `newer`, and the words at `newer`. */
export function measureChange(older: Chain, newer: Chain): Measure {
  const newerState = stateOfChain(newer);
  const { wordsAdded, wordsRemoved } = diffStates(stateOfChain(older), newerState, NO_ATTRIBUTION);
  return { wordsAdded, wordsRemoved, words: countWords(pageDocOfState(newerState)) };
}

/** The diff of two versions with every change attributed. */
export function diffChains(older: Chain, newer: Chain, attribution: AttributionRows): DiffResult {
  const who: Attribution = attributionFrom(attribution);
  return diffStates(stateOfChain(older), stateOfChain(newer), who);
}

/** A version's page as ProseMirror JSON of shared/schema.ts. */
export function docOfChain(version: Chain): unknown {
  return pageDocOfState(stateOfChain(version)).toJSON();
}

/** Runs one job. */
export function runHistoryJob(job: HistoryJob): unknown {
  switch (job.kind) {
    case 'measure':
      return measureChange(job.older, job.newer);
    case 'diff':
      return diffChains(job.older, job.newer, job.attribution);
    case 'doc':
      return docOfChain(job.version);
  }
}
