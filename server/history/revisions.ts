/**
 * Taking a revision of a page, in two steps. `captureState` reads a Yjs doc that holds the page as
 * stored, synchronously and cheaply (its state, state vector and snapshot hash), so a live room's
 * doc cannot change under it. `takeRevision` then decides whether anything changed since the
 * newest revision, measures the change in the history thread (words added, removed and on the
 * page), works out who contributed, and stores the revision as a delta against the previous one
 * (a whole state every CHECKPOINT_EVERY revisions). Takes of one page must run one at a time
 * (capture.ts chains them): each stores a delta against the newest revision it read.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { RevisionKind } from '../../shared/history.js';
import type { Db } from '../store/database.js';
import { nowIso } from '../store/ids.js';
import { deletersSince, foldDeletions, lastDeletionId, pageClientUsers } from './attributionStore.js';
import type { HistoryThread } from './historyThread.js';
import type { RevisionMeta, RevisionStore } from './revisionStore.js';

/** A whole state is stored every this many revisions; the ones between store deltas. */
export const CHECKPOINT_EVERY = 20;

/** A page's text at one moment, as bytes. */
export interface CapturedState {
  state: Uint8Array;
  stateVector: Uint8Array;
  snapshotHash: Uint8Array;
  /** The highest page_updates id the state contains (the snapshot's last id if the log was empty). */
  updatesUpto: number;
  /** The highest page_deletions id the state contains. */
  deletionsUpto: number;
}

/** What kind of revision to take, and by whom. */
export interface TakeOptions {
  kind: RevisionKind;
  name?: string | null;
  createdBy?: string | null;
  restoredFrom?: number | null;
  /** Take it even if nothing changed since the newest revision. */
  force?: boolean;
  /** Runs in the revision's own transaction (for its audit entry). */
  inTransaction?: (revision: RevisionMeta) => void;
}

const sha1 = (bytes: Uint8Array) => new Uint8Array(createHash('sha1').update(bytes).digest());

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The hash that says whether two states hold the same text: of the delete set and the state vector. */
export function snapshotHash(doc: Y.Doc): Uint8Array {
  return sha1(Y.encodeSnapshot(Y.snapshot(doc)));
}

/** Reads what a revision needs from a doc holding the page as stored (milliseconds even on long pages). */
export function captureState(db: Db, pageId: string, doc: Y.Doc, updatesUpto: number): CapturedState {
  return {
    state: Y.encodeStateAsUpdate(doc),
    stateVector: Y.encodeStateVector(doc),
    snapshotHash: snapshotHash(doc),
    updatesUpto,
    deletionsUpto: lastDeletionId(db, pageId),
  };
}

/** Whether the page changed since its newest revision (true if it has none). */
export function changedSinceLatest(store: RevisionStore, pageId: string, doc: Y.Doc): boolean {
  const latest = store.latest(pageId);
  return !latest || !sameBytes(latest.snapshotHash, snapshotHash(doc));
}

/**
 * Takes a revision of the page, or returns null when nothing changed since the newest one (unless
 * `force`). Contributors are the members whose client ids advanced since the previous revision's
 * state vector plus those who deleted something since it. The first revision is compared with
 * the empty page.
 */
export async function takeRevision(db: Db, store: RevisionStore, thread: HistoryThread, pageId: string, page: CapturedState, opts: TakeOptions): Promise<RevisionMeta | null> {
  const prev = store.latest(pageId);
  if (!opts.force && prev && sameBytes(prev.snapshotHash, page.snapshotHash)) return null;
  const measure = await thread.measure(prev ? store.chain(pageId, prev.number) : [], [page.state]);
  if (store.latest(pageId)?.id !== prev?.id) throw new Error(`a revision of page ${pageId} was taken meanwhile; takes of one page must not overlap`);

  const before = prev ? Y.decodeStateVector(prev.stateVector) : new Map<number, number>();
  const clientUsers = pageClientUsers(db, pageId);
  const contributors = new Set<string>();
  for (const [client, clock] of Y.decodeStateVector(page.stateVector)) {
    const user = clock > (before.get(client) ?? 0) ? clientUsers.get(client) : undefined;
    if (user) contributors.add(user);
  }
  const checkpoint = !prev || prev.number + 1 - store.lastCheckpoint(pageId) >= CHECKPOINT_EVERY;

  return db.transaction(() => {
    const since = prev?.deletionsUpto ?? 0;
    for (const user of deletersSince(db, pageId, since, page.deletionsUpto)) contributors.add(user);
    const id = store.insert({
      pageId,
      kind: opts.kind,
      name: opts.name ?? null,
      createdAt: nowIso(),
      createdBy: opts.createdBy ?? null,
      restoredFrom: opts.restoredFrom ?? null,
      checkpoint,
      state: checkpoint ? page.state : Y.diffUpdate(page.state, prev!.stateVector),
      stateVector: page.stateVector,
      snapshotHash: page.snapshotHash,
      updatesUpto: page.updatesUpto,
      deletionsUpto: foldDeletions(db, pageId, since, page.deletionsUpto),
      words: measure.words,
      wordsAdded: measure.wordsAdded,
      wordsRemoved: measure.wordsRemoved,
      contributors: [...contributors],
    });
    const revision = store.byId(pageId, id)!;
    opts.inTransaction?.(revision);
    return revision;
  })();
}
