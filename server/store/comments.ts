/**
 * The comment tables: threads on pages (comment_threads), their comments in order (comments) and
 * whom each comment mentions (comment_mentions). Rows come back with people's names; where a
 * thread is on the page now is worked out in domain/comments.ts from the anchor bytes.
 */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import type { PersonRef } from '../../shared/api.js';
import type { CommentView, ThreadKind } from '../../shared/comments.js';

/** A thread as stored, with names. */
export interface ThreadRow {
  id: string;
  paperId: string;
  pageId: string;
  kind: ThreadKind;
  anchorFrom: Uint8Array | null;
  anchorTo: Uint8Array | null;
  quote: string | null;
  createdPosition: number | null;
  author: PersonRef;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: PersonRef | null;
}

interface RawThread {
  id: string;
  paper_id: string;
  page_id: string;
  kind: ThreadKind;
  anchor_from: Buffer | null;
  anchor_to: Buffer | null;
  quote: string | null;
  created_position: number | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
}

interface RawComment {
  id: string;
  thread_id: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

/** A comment with the thread it belongs to. */
export interface CommentRow extends CommentView {
  threadId: string;
}

// Someone whose account is gone still shows as someone, so a thread never loses its author line.
const person = (id: string | null, name: string | null): PersonRef => ({ id: id ?? '', name: name ?? 'A former member' });

const toThread = (row: RawThread): ThreadRow => ({
  id: row.id,
  paperId: row.paper_id,
  pageId: row.page_id,
  kind: row.kind,
  anchorFrom: row.anchor_from ? new Uint8Array(row.anchor_from) : null,
  anchorTo: row.anchor_to ? new Uint8Array(row.anchor_to) : null,
  quote: row.quote,
  createdPosition: row.created_position,
  author: person(row.created_by, row.created_by_name),
  createdAt: row.created_at,
  resolvedAt: row.resolved_at,
  resolvedBy: row.resolved_at ? person(row.resolved_by, row.resolved_by_name) : null,
});

const toComment = (row: RawComment): CommentRow => ({
  id: row.id,
  threadId: row.thread_id,
  author: person(row.author_id, row.author_name),
  text: row.deleted_at ? '' : row.body,
  createdAt: row.created_at,
  editedAt: row.edited_at,
  deleted: row.deleted_at !== null,
});

const THREAD_SELECT = `SELECT t.id, t.paper_id, t.page_id, t.kind, t.anchor_from, t.anchor_to, t.quote, t.created_position,
    t.created_by, c.name AS created_by_name, t.created_at, t.resolved_at, t.resolved_by, r.name AS resolved_by_name
  FROM comment_threads t LEFT JOIN users c ON c.id = t.created_by LEFT JOIN users r ON r.id = t.resolved_by`;

const COMMENT_SELECT = `SELECT m.id, m.thread_id, m.author_id, u.name AS author_name, m.body, m.created_at, m.edited_at, m.deleted_at
  FROM comments m LEFT JOIN users u ON u.id = m.author_id`;

/** Every thread of a page, oldest first. */
export function pageThreads(db: Db, pageId: string): ThreadRow[] {
  return (db.prepare(`${THREAD_SELECT} WHERE t.page_id = ? ORDER BY t.created_at, t.rowid`).all(pageId) as RawThread[]).map(toThread);
}

/** One thread of a page, or null. */
export function threadOf(db: Db, pageId: string, threadId: string): ThreadRow | null {
  const row = db.prepare(`${THREAD_SELECT} WHERE t.page_id = ? AND t.id = ?`).get(pageId, threadId) as RawThread | undefined;
  return row ? toThread(row) : null;
}

/** Every comment of a page's threads, in the order written. */
export function pageComments(db: Db, pageId: string): CommentRow[] {
  return (
    db.prepare(`${COMMENT_SELECT} JOIN comment_threads t ON t.id = m.thread_id WHERE t.page_id = ? ORDER BY m.created_at, m.rowid`).all(pageId) as RawComment[]
  ).map(toComment);
}

/** The comments of one thread, in the order written (the first started it). */
export function threadComments(db: Db, threadId: string): CommentRow[] {
  return (db.prepare(`${COMMENT_SELECT} WHERE m.thread_id = ? ORDER BY m.created_at, m.rowid`).all(threadId) as RawComment[]).map(toComment);
}

/** Stores a new thread and returns its id. */
export function insertThread(
  db: Db,
  input: { paperId: string; pageId: string; kind: ThreadKind; anchorFrom?: Uint8Array; anchorTo?: Uint8Array; quote?: string; createdPosition?: number | null; createdBy: string },
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO comment_threads (id, paper_id, page_id, kind, anchor_from, anchor_to, quote, created_position, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.paperId,
    input.pageId,
    input.kind,
    input.anchorFrom ? Buffer.from(input.anchorFrom) : null,
    input.anchorTo ? Buffer.from(input.anchorTo) : null,
    input.quote ?? null,
    input.createdPosition ?? null,
    input.createdBy,
    nowIso(),
  );
  return id;
}

/** Stores a comment in a thread with the members it mentions, and returns its id. */
export function insertComment(db: Db, input: { threadId: string; authorId: string; body: string; mentionedIds: readonly string[] }): string {
  const id = newId();
  db.prepare('INSERT INTO comments (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)').run(id, input.threadId, input.authorId, input.body, nowIso());
  setMentions(db, id, input.mentionedIds);
  return id;
}

/** Replaces the members a comment mentions. */
function setMentions(db: Db, commentId: string, userIds: readonly string[]): void {
  db.prepare('DELETE FROM comment_mentions WHERE comment_id = ?').run(commentId);
  const insert = db.prepare('INSERT OR IGNORE INTO comment_mentions (comment_id, user_id) VALUES (?, ?)');
  for (const userId of userIds) insert.run(commentId, userId);
}

/** The members a comment mentions. */
export function mentionsOf(db: Db, commentId: string): string[] {
  return (db.prepare('SELECT user_id FROM comment_mentions WHERE comment_id = ?').all(commentId) as { user_id: string }[]).map((r) => r.user_id);
}

/** Changes a comment's text (and whom it mentions), marking it edited. */
export function updateComment(db: Db, commentId: string, body: string, mentionedIds: readonly string[]): void {
  db.prepare('UPDATE comments SET body = ?, edited_at = ? WHERE id = ?').run(body, nowIso(), commentId);
  setMentions(db, commentId, mentionedIds);
}

/** Empties a comment but keeps its place (a thread's first comment that has replies). */
export function blankComment(db: Db, commentId: string): void {
  db.prepare("UPDATE comments SET body = '', deleted_at = ? WHERE id = ?").run(nowIso(), commentId);
  setMentions(db, commentId, []);
}

/** Removes a comment. */
export function removeComment(db: Db, commentId: string): void {
  db.prepare('DELETE FROM comments WHERE id = ?').run(commentId);
}

/** Removes a thread and its comments. */
export function removeThread(db: Db, threadId: string): void {
  db.prepare('DELETE FROM comment_threads WHERE id = ?').run(threadId);
}

/** Marks a thread resolved by someone, or open again (null). */
export function setResolved(db: Db, threadId: string, by: string | null): void {
  db.prepare('UPDATE comment_threads SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(by ? nowIso() : null, by, threadId);
}

/** How many open threads a page has. */
export function openThreadCount(db: Db, pageId: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM comment_threads WHERE page_id = ? AND resolved_at IS NULL').get(pageId) as { n: number }).n;
}

/** The names of a paper's members, by user id (for mentions). */
export function memberNames(db: Db, paperId: string): Map<string, string> {
  const rows = db.prepare('SELECT u.id, u.name FROM members m JOIN users u ON u.id = m.user_id WHERE m.paper_id = ?').all(paperId) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}
