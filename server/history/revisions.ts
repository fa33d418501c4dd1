/**
 * Taking a revision of a page: from a Yjs doc that holds the page as stored, work out whether it
 * changed since the newest revision, who contributed since, how many words it has and how many
 * were added and removed, and store it as a delta against the previous revision (a whole state
 * every CHECKPOINT_EVERY revisions). Synchronous, so a live room's doc cannot change under it.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { RevisionKind } from '../../shared/history.js';
import type { Db } from '../store/database.js';
import { nowIso } from '../store/ids.js';
import { deletersSince, foldDeletions, pageClientUsers } from './attributionStore.js';
import { wordsChanged } from './compare.js';
import { countWords, pageDocOf } from './pageText.js';
import type { RevisionMeta, RevisionStore } from './revisionStore.js';

/** A whole state is stored every this many revisions; the ones between store deltas. */
export const CHECKPOINT_EVERY = 20;

/** A page as stored right now. */
export interface PageState {
  pageId: string;
  paperId: string;
  /** Holds exactly what storage holds (no unstored writes). Not changed or destroyed here. */
  doc: Y.Doc;
  /** The highest page_updates id the doc contains (the snapshot's last id if the log is empty). */
  updatesUpto: number;
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

/** Whether the page changed since its newest revision (true if it has none). */
export function changedSinceLatest(store: RevisionStore, pageId: string, doc: Y.Doc): boolean {
  const latest = store.latest(pageId);
  return !latest || !sameBytes(latest.snapshotHash, snapshotHash(doc));
}

/**
 * Takes a revision of the page, or returns null when nothing changed since the newest one (unless
 * `force`). Contributors are the members whose client ids advanced since the previous revision's
 * state vector plus those who deleted something since it.
 */
export function takeRevision(db: Db, store: RevisionStore, page: PageState, opts: TakeOptions): RevisionMeta | null {
  const { pageId, doc } = page;
  const prev = store.latest(pageId);
  const hash = snapshotHash(doc);
  if (!opts.force && prev && sameBytes(prev.snapshotHash, hash)) return null;

  const stateVector = Y.encodeStateVector(doc);
  const before = prev ? Y.decodeStateVector(prev.stateVector) : new Map<number, number>();
  const clientUsers = pageClientUsers(db, pageId);
  const contributors = new Set<string>();
  for (const [client, clock] of Y.decodeStateVector(stateVector)) {
    const user = clock > (before.get(client) ?? 0) ? clientUsers.get(client) : undefined;
    if (user) contributors.add(user);
  }
  for (const user of deletersSince(db, pageId, prev?.deletionsUpto ?? 0)) contributors.add(user);

  const state = Y.encodeStateAsUpdate(doc);
  const older = prev ? store.state(pageId, prev.number) : null;
  const { wordsAdded, wordsRemoved } = wordsChanged(older, state);
  const checkpoint = !prev || prev.number + 1 - store.lastCheckpoint(pageId) >= CHECKPOINT_EVERY;

  const insert = db.transaction(() => {
    const id = store.insert({
      pageId,
      kind: opts.kind,
      name: opts.name ?? null,
      createdAt: nowIso(),
      createdBy: opts.createdBy ?? null,
      restoredFrom: opts.restoredFrom ?? null,
      checkpoint,
      state: checkpoint ? state : Y.encodeStateAsUpdate(doc, prev!.stateVector),
      stateVector,
      snapshotHash: hash,
      updatesUpto: page.updatesUpto,
      deletionsUpto: foldDeletions(db, pageId, prev?.deletionsUpto ?? 0),
      words: countWords(pageDocOf(doc)),
      wordsAdded,
      wordsRemoved,
      contributors: [...contributors],
    });
    const revision = store.byId(pageId, id)!;
    opts.inTransaction?.(revision);
    return revision;
  });
  return insert();
}
