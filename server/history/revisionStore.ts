/**
 * Revisions in SQLite (page_revisions, migrations/005_history.sql): prepared statements, rows as
 * RevisionView, and rebuilding a revision's Yjs state from the nearest checkpoint and the deltas
 * after it. Nothing here reads the collaboration log, so compaction cannot break history.
 */
import type { Statement } from 'better-sqlite3';
import type { PersonRef } from '../../shared/api.js';
import type { RevisionKind, RevisionView } from '../../shared/history.js';
import type { Db } from '../store/database.js';
import { stateOfChain, type Chain } from './historyWork.js';

/** A revision's row without its state bytes. */
export interface RevisionMeta {
  id: number;
  pageId: string;
  number: number;
  kind: RevisionKind;
  name: string | null;
  createdAt: string;
  createdBy: string | null;
  restoredFrom: number | null;
  checkpoint: boolean;
  stateVector: Uint8Array;
  snapshotHash: Uint8Array;
  updatesUpto: number;
  deletionsUpto: number;
  words: number;
  wordsAdded: number;
  wordsRemoved: number;
  contributors: string[];
}

/** Everything a new revision row holds: a revision's row without its id and number (the store gives those), with its state. */
export type NewRevision = Omit<RevisionMeta, 'id' | 'number'> & { state: Uint8Array };

interface Row {
  id: number;
  page_id: string;
  number: number;
  kind: RevisionKind;
  name: string | null;
  created_at: string;
  created_by: string | null;
  restored_from: number | null;
  checkpoint: number;
  state_vector: Buffer;
  snapshot_hash: Buffer;
  updates_upto: number;
  deletions_upto: number;
  words: number;
  words_added: number;
  words_removed: number;
  contributors: string;
}

const META = `id, page_id, number, kind, name, created_at, created_by, restored_from, checkpoint, state_vector, snapshot_hash,
  updates_upto, deletions_upto, words, words_added, words_removed, contributors`;

const toMeta = (r: Row): RevisionMeta => ({
  id: r.id,
  pageId: r.page_id,
  number: r.number,
  kind: r.kind,
  name: r.name,
  createdAt: r.created_at,
  createdBy: r.created_by,
  restoredFrom: r.restored_from,
  checkpoint: r.checkpoint === 1,
  stateVector: new Uint8Array(r.state_vector),
  snapshotHash: new Uint8Array(r.snapshot_hash),
  updatesUpto: r.updates_upto,
  deletionsUpto: r.deletions_upto,
  words: r.words,
  wordsAdded: r.words_added,
  wordsRemoved: r.words_removed,
  contributors: JSON.parse(r.contributors) as string[],
});

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Prepared statements over page_revisions for one database. */
export class RevisionStore {
  private readonly selectLatest: Statement<[string], Row>;
  private readonly selectById: Statement<[string, number], Row>;
  private readonly selectByNumber: Statement<[string, number], Row>;
  private readonly selectAll: Statement<[string], Row>;
  private readonly selectChain: Statement<[string, number, string, number], { checkpoint: number; state: Buffer }>;
  private readonly selectLastCheckpoint: Statement<[string], { n: number | null }>;
  private readonly insertRow: Statement<unknown[]>;
  private readonly updateName: Statement<[string, string | null, number]>;
  private readonly selectNames: Statement<[string], { id: string; name: string }>;
  private readonly selectUnrevised: Statement<[], { id: string; paper_id: string }>;
  private readonly selectStoredUpto: Statement<[string, string], { n: number }>;

  constructor(readonly db: Db) {
    this.selectLatest = db.prepare(`SELECT ${META} FROM page_revisions WHERE page_id = ? ORDER BY number DESC LIMIT 1`);
    this.selectById = db.prepare(`SELECT ${META} FROM page_revisions WHERE page_id = ? AND id = ?`);
    this.selectByNumber = db.prepare(`SELECT ${META} FROM page_revisions WHERE page_id = ? AND number = ?`);
    this.selectAll = db.prepare(`SELECT ${META} FROM page_revisions WHERE page_id = ? ORDER BY number DESC`);
    this.selectChain = db.prepare(
      `SELECT checkpoint, state FROM page_revisions WHERE page_id = ? AND number <= ? AND number >=
         (SELECT MAX(number) FROM page_revisions WHERE page_id = ? AND number <= ? AND checkpoint = 1) ORDER BY number`,
    );
    this.selectLastCheckpoint = db.prepare('SELECT MAX(number) AS n FROM page_revisions WHERE page_id = ? AND checkpoint = 1');
    this.insertRow = db.prepare(
      `INSERT INTO page_revisions (page_id, number, kind, name, created_at, created_by, restored_from, checkpoint, state, state_vector,
         snapshot_hash, updates_upto, deletions_upto, words, words_added, words_removed, contributors)
       VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM page_revisions WHERE page_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateName = db.prepare("UPDATE page_revisions SET name = ?, created_by = ?, kind = 'named' WHERE id = ?");
    this.selectNames = db.prepare('SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?))');
    this.selectStoredUpto = db.prepare(
      `SELECT MAX(COALESCE((SELECT MAX(id) FROM page_updates WHERE page_id = ?), 0),
                  COALESCE((SELECT last_update_id FROM page_snapshots WHERE page_id = ?), 0)) AS n`,
    );
    this.selectUnrevised = db.prepare(
      `SELECT p.id, p.paper_id FROM pages p
       WHERE MAX(COALESCE((SELECT MAX(u.id) FROM page_updates u WHERE u.page_id = p.id), 0),
                 COALESCE((SELECT s.last_update_id FROM page_snapshots s WHERE s.page_id = p.id), 0))
           > COALESCE((SELECT r.updates_upto FROM page_revisions r WHERE r.page_id = p.id ORDER BY r.number DESC LIMIT 1), 0)`,
    );
  }

  /** The newest revision of a page, or null if it has none. */
  latest(pageId: string): RevisionMeta | null {
    const row = this.selectLatest.get(pageId);
    return row ? toMeta(row) : null;
  }

  /** One revision of a page by id, or null. */
  byId(pageId: string, id: number): RevisionMeta | null {
    const row = this.selectById.get(pageId, id);
    return row ? toMeta(row) : null;
  }

  /** One revision of a page by number, or null. */
  byNumber(pageId: string, number: number): RevisionMeta | null {
    const row = this.selectByNumber.get(pageId, number);
    return row ? toMeta(row) : null;
  }

  /** Every revision of a page, newest first. */
  all(pageId: string): RevisionMeta[] {
    return this.selectAll.all(pageId).map(toMeta);
  }

  /** The highest page_updates id a page's storage holds (its snapshot's if the log is empty). */
  storedUpto(pageId: string): number {
    return this.selectStoredUpto.get(pageId, pageId)!.n;
  }

  /** Pages whose stored updates go beyond their newest revision (edited, then the server stopped before a revision). */
  unrevisedPages(): { pageId: string; paperId: string }[] {
    return this.selectUnrevised.all().map((r) => ({ pageId: r.id, paperId: r.paper_id }));
  }

  /** The number of the page's newest checkpoint (0 if none). */
  lastCheckpoint(pageId: string): number {
    return this.selectLastCheckpoint.get(pageId)?.n ?? 0;
  }

  /** Inserts a revision with the next number; returns its id. Call inside the caller's transaction. */
  insert(r: NewRevision): number {
    const info = this.insertRow.run(
      r.pageId,
      r.pageId,
      r.kind,
      r.name,
      r.createdAt,
      r.createdBy,
      r.restoredFrom,
      r.checkpoint ? 1 : 0,
      asBuffer(r.state),
      asBuffer(r.stateVector),
      asBuffer(r.snapshotHash),
      r.updatesUpto,
      r.deletionsUpto,
      r.words,
      r.wordsAdded,
      r.wordsRemoved,
      JSON.stringify(r.contributors),
    );
    return Number(info.lastInsertRowid);
  }

  /** Names an automatic revision: it becomes a named one, by `userId`. */
  rename(id: number, name: string, userId: string): void {
    this.updateName.run(name, userId, id);
  }

  /** What a revision's state is made of: its checkpoint, then every delta up to it (see historyWork.ts). */
  chain(pageId: string, number: number): Chain {
    const rows = this.selectChain.all(pageId, number, pageId, number);
    if (rows.length === 0 || rows[0].checkpoint !== 1) throw new Error(`revision ${number} of page ${pageId} has no checkpoint`);
    return rows.map((r) => new Uint8Array(r.state));
  }

  /** A revision's Yjs state as one update (rebuilt in this thread: for small jobs and tests). */
  state(pageId: string, number: number): Uint8Array {
    return stateOfChain(this.chain(pageId, number));
  }

  /** People by user id, in the order given, with their current names. */
  people(ids: string[]): PersonRef[] {
    const names = new Map(this.selectNames.all(JSON.stringify(ids)).map((u) => [u.id, u.name]));
    return ids.map((id) => ({ id, name: names.get(id) ?? 'A former member' }));
  }

  /** The API view of revisions, with the names of their people. */
  views(revisions: RevisionMeta[]): RevisionView[] {
    const ids = new Set<string>();
    for (const r of revisions) {
      if (r.createdBy) ids.add(r.createdBy);
      for (const c of r.contributors) ids.add(c);
    }
    const byId = new Map(this.people([...ids]).map((p) => [p.id, p]));
    const person = (id: string): PersonRef => byId.get(id)!;
    return revisions.map((r) => ({
      id: r.id,
      pageId: r.pageId,
      number: r.number,
      kind: r.kind,
      name: r.name,
      createdAt: r.createdAt,
      createdBy: r.createdBy ? person(r.createdBy) : null,
      contributors: r.contributors.map(person).sort((a, b) => a.name.localeCompare(b.name)),
      wordsAdded: r.wordsAdded,
      wordsRemoved: r.wordsRemoved,
      words: r.words,
      restoredFrom: r.restoredFrom,
    }));
  }

  /** The API view of one revision. */
  view(revision: RevisionMeta): RevisionView {
    return this.views([revision])[0];
  }
}
