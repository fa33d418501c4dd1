/**
 * Comparing two states of a page for history, through the diff engine (server/history/diff): the
 * size of a change in words when a revision is taken, and the attributed diff the API shows. The
 * first revision of a page compares against the empty page.
 */
import * as Y from 'yjs';
import type { Db } from '../store/database.js';
import { NO_ATTRIBUTION } from './attribution.js';
import { loadAttribution } from './attributionStore.js';
import { diffStates, type DiffResult } from './diff/index.js';

/** The state of a page with nothing on it: what the first revision is compared with. */
export const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());

/** Words added and removed from `older` (null: the empty page) to `newer`. */
export function wordsChanged(older: Uint8Array | null, newer: Uint8Array): { wordsAdded: number; wordsRemoved: number } {
  const { wordsAdded, wordsRemoved } = diffStates(older ?? EMPTY_STATE, newer, NO_ATTRIBUTION);
  return { wordsAdded, wordsRemoved };
}

/** The diff of two states of a page with every change attributed to the member who made it. */
export function attributedDiff(db: Db, pageId: string, older: Uint8Array, newer: Uint8Array): DiffResult {
  return diffStates(older, newer, loadAttribution(db, pageId));
}
