/**
 * The pages table: the page tree of each paper and its trash. Live pages have deleted_at NULL;
 * siblings are ordered by position. The rules that keep the tree whole live in domain/tree.ts.
 */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import type { PageStatus, PageView, PersonRef } from '../../shared/api.js';
import { assigneesByPage, pageAssignees } from './assignments.js';

interface PageRow {
  id: string;
  paper_id: string;
  parent_id: string | null;
  position: number;
  title: string;
  status: PageStatus;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  last_edited_by: string | null;
  last_edited_by_name: string | null;
  last_edited_at: string | null;
  deleted_at: string | null;
  status_set_by: string | null;
  status_set_by_name: string | null;
  status_set_at: string | null;
  reopen_requested_by: string | null;
  reopen_requested_by_name: string | null;
  reopen_requested_at: string | null;
  open_comments: number;
}

/** A page row as the tree rules need it. */
export interface PageNode {
  id: string;
  parentId: string | null;
  position: number;
  deletedAt: string | null;
  deletedBatch: string | null;
}

// A person whose account is gone still shows as someone, so a page never loses its history line.
const person = (id: string | null, name: string | null): PersonRef => ({ id: id ?? '', name: name ?? 'A former member' });

const toView = (row: PageRow, labels: string[] = [], assignees: PersonRef[] = []): PageView => ({
  id: row.id,
  paperId: row.paper_id,
  parentId: row.parent_id,
  position: row.position,
  title: row.title,
  status: row.status,
  createdBy: person(row.created_by, row.created_by_name),
  createdAt: row.created_at,
  lastEditedBy: row.last_edited_by || row.last_edited_at ? person(row.last_edited_by, row.last_edited_by_name) : null,
  lastEditedAt: row.last_edited_at,
  deletedAt: row.deleted_at,
  labels,
  statusSetBy: row.status_set_at ? person(row.status_set_by, row.status_set_by_name) : null,
  statusSetAt: row.status_set_at,
  reopenRequestedBy: row.reopen_requested_at ? person(row.reopen_requested_by, row.reopen_requested_by_name) : null,
  reopenRequestedAt: row.reopen_requested_at,
  openComments: row.open_comments,
  assignees,
});

const SELECT = `SELECT p.id, p.paper_id, p.parent_id, p.position, p.title, p.status, p.created_by, c.name AS created_by_name,
    p.created_at, p.last_edited_by, e.name AS last_edited_by_name, p.last_edited_at, p.deleted_at,
    p.status_set_by, s.name AS status_set_by_name, p.status_set_at,
    p.reopen_requested_by, r.name AS reopen_requested_by_name, p.reopen_requested_at,
    (SELECT COUNT(*) FROM comment_threads t WHERE t.page_id = p.id AND t.resolved_at IS NULL) AS open_comments
  FROM pages p LEFT JOIN users c ON c.id = p.created_by LEFT JOIN users e ON e.id = p.last_edited_by
    LEFT JOIN users s ON s.id = p.status_set_by LEFT JOIN users r ON r.id = p.reopen_requested_by`;

/** The label names of every page of a paper (one query for the whole tree), each list sorted by name. */
function labelsByPage(db: Db, paperId: string): Map<string, string[]> {
  const rows = db
    .prepare('SELECT pl.page_id, l.name FROM page_labels pl JOIN labels l ON l.id = pl.label_id WHERE l.paper_id = ? ORDER BY l.name_key, l.id')
    .all(paperId) as { page_id: string; name: string }[];
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(row.page_id);
    if (list) list.push(row.name);
    else out.set(row.page_id, [row.name]);
  }
  return out;
}

/** Rows of one paper as views, each with its labels and assignees (one query each for the whole tree). */
function withLabels(db: Db, paperId: string, rows: PageRow[]): PageView[] {
  const labels = rows.length ? labelsByPage(db, paperId) : new Map<string, string[]>();
  const assignees = rows.length ? assigneesByPage(db, paperId) : new Map<string, PersonRef[]>();
  return rows.map((row) => toView(row, labels.get(row.id), assignees.get(row.id)));
}

/** The label names of one page, sorted by name. */
function pageLabels(db: Db, pageId: string): string[] {
  return (db.prepare('SELECT l.name FROM page_labels pl JOIN labels l ON l.id = pl.label_id WHERE pl.page_id = ? ORDER BY l.name_key, l.id').all(pageId) as { name: string }[]).map((r) => r.name);
}

/** Every live page of a paper, ordered by parent then position. */
export function livePageViews(db: Db, paperId: string): PageView[] {
  return withLabels(db, paperId, db.prepare(`${SELECT} WHERE p.paper_id = ? AND p.deleted_at IS NULL ORDER BY p.parent_id, p.position, p.id`).all(paperId) as PageRow[]);
}

/** Every page of a paper in the trash, most recently deleted first. */
export function trashPageViews(db: Db, paperId: string): PageView[] {
  return withLabels(db, paperId, db.prepare(`${SELECT} WHERE p.paper_id = ? AND p.deleted_at IS NOT NULL ORDER BY p.deleted_at DESC, p.parent_id, p.position, p.id`).all(paperId) as PageRow[]);
}

/** One page of a paper (live or in the trash), or null. */
export function pageView(db: Db, paperId: string, pageId: string): PageView | null {
  const row = db.prepare(`${SELECT} WHERE p.paper_id = ? AND p.id = ?`).get(paperId, pageId) as PageRow | undefined;
  return row ? toView(row, pageLabels(db, pageId), pageAssignees(db, pageId)) : null;
}

/** Every page of a paper (live and trash), as the tree rules need them. */
export function pageNodes(db: Db, paperId: string): PageNode[] {
  return db
    .prepare('SELECT id, parent_id AS parentId, position, deleted_at AS deletedAt, deleted_batch AS deletedBatch FROM pages WHERE paper_id = ?')
    .all(paperId) as PageNode[];
}

/** How many pages a paper has, trash included. */
export function countPages(db: Db, paperId: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM pages WHERE paper_id = ?').get(paperId) as { n: number }).n;
}

/** Inserts a live page at a position (the caller makes room among the siblings first) and returns its id. */
export function insertPage(db: Db, input: { paperId: string; parentId: string | null; position: number; title: string; createdBy: string }): string {
  const id = newId();
  db.prepare('INSERT INTO pages (id, paper_id, parent_id, position, title, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    input.paperId,
    input.parentId,
    input.position,
    input.title,
    input.createdBy,
    nowIso(),
  );
  return id;
}

/** Sets a page's parent and position. */
export function placePage(db: Db, pageId: string, parentId: string | null, position: number): void {
  db.prepare('UPDATE pages SET parent_id = ?, position = ? WHERE id = ?').run(parentId, position, pageId);
}

/** Changes a page's title. */
export function renamePage(db: Db, pageId: string, title: string): void {
  db.prepare('UPDATE pages SET title = ? WHERE id = ?').run(title, pageId);
}

/** Puts pages in the trash as one batch (restored together). */
export function trashPages(db: Db, pageIds: readonly string[], deletedBy: string, batch: string): void {
  const stmt = db.prepare('UPDATE pages SET deleted_at = ?, deleted_by = ?, deleted_batch = ? WHERE id = ?');
  const at = nowIso();
  for (const id of pageIds) stmt.run(at, deletedBy, batch, id);
}

/** Takes pages out of the trash. */
export function untrashPages(db: Db, pageIds: readonly string[]): void {
  const stmt = db.prepare('UPDATE pages SET deleted_at = NULL, deleted_by = NULL, deleted_batch = NULL WHERE id = ?');
  for (const id of pageIds) stmt.run(id);
}

/** A new id for a batch of pages deleted together. */
export function newBatchId(): string {
  return newId();
}

/** Sets a page's status, recording who and when; any request to reopen it is answered by the change. */
export function setPageStatus(db: Db, pageId: string, status: PageStatus, by: string): void {
  db.prepare('UPDATE pages SET status = ?, status_set_by = ?, status_set_at = ?, reopen_requested_by = NULL, reopen_requested_at = NULL WHERE id = ?').run(status, by, nowIso(), pageId);
}

/** Records that someone asked an editor to reopen an approved page (the latest request wins). */
export function requestPageReopen(db: Db, pageId: string, by: string): void {
  db.prepare('UPDATE pages SET reopen_requested_by = ?, reopen_requested_at = ? WHERE id = ?').run(by, nowIso(), pageId);
}
