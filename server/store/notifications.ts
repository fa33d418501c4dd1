/**
 * The notifications table: one row per person per event they were told about. Every read joins
 * the person's membership of the notification's paper, so someone removed from a paper no longer
 * sees or counts its notifications (the rows stay; rejoining shows them again). The sentence of a
 * notification is made from a row by domain/notificationText.ts.
 */
import type { Db } from './database.js';
import { nowIso } from './ids.js';
import type { NotificationKind } from '../../shared/notifications.js';

/** A notification as stored, with the names and titles it is shown with. */
export interface NotificationRow {
  id: number;
  user_id: string;
  paper_id: string;
  paper_title: string;
  page_id: string | null;
  page_title: string | null;
  page_deleted_at: string | null;
  kind: NotificationKind;
  actor_id: string | null;
  actor_name: string | null;
  thread_id: string | null;
  excerpt: string;
  detail: string;
  created_at: string;
  read_at: string | null;
}

/** What a new notification records. */
export interface NewNotification {
  userId: string;
  paperId: string;
  pageId: string | null;
  kind: NotificationKind;
  actorId: string;
  threadId?: string | null;
  excerpt?: string;
  detail?: Record<string, unknown>;
}

// Only notifications of papers the person still belongs to are ever read.
const VISIBLE = `FROM notifications n
  JOIN members m ON m.paper_id = n.paper_id AND m.user_id = n.user_id
  JOIN papers p ON p.id = n.paper_id
  LEFT JOIN pages g ON g.id = n.page_id
  LEFT JOIN users a ON a.id = n.actor_id`;

const SELECT = `SELECT n.id, n.user_id, n.paper_id, p.title AS paper_title, n.page_id, g.title AS page_title, g.deleted_at AS page_deleted_at,
    n.kind, n.actor_id, a.name AS actor_name, n.thread_id, n.excerpt, n.detail, n.created_at, n.read_at ${VISIBLE}`;

/** Stores a notification and returns its id. */
export function insertNotification(db: Db, input: NewNotification): number {
  const result = db
    .prepare('INSERT INTO notifications (user_id, paper_id, page_id, kind, actor_id, thread_id, excerpt, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(input.userId, input.paperId, input.pageId, input.kind, input.actorId, input.threadId ?? null, input.excerpt ?? '', JSON.stringify(input.detail ?? {}), nowIso());
  return Number(result.lastInsertRowid);
}

/** Removes a person's notifications beyond the newest `keep`. */
export function pruneNotifications(db: Db, userId: string, keep: number): void {
  db.prepare(
    `DELETE FROM notifications WHERE user_id = ? AND id <= (SELECT id FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
  ).run(userId, userId, keep);
}

/** A person's visible notifications, newest first, at most `limit`, older than id `before` when given. */
export function listNotificationRows(db: Db, userId: string, options: { limit: number; before?: number }): NotificationRow[] {
  return db
    .prepare(`${SELECT} WHERE n.user_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?`)
    .all(userId, options.before ?? Number.MAX_SAFE_INTEGER, options.limit) as NotificationRow[];
}

/** One of a person's visible notifications, or undefined (someone else's, or of a paper they left). */
export function notificationRow(db: Db, userId: string, id: number): NotificationRow | undefined {
  return db.prepare(`${SELECT} WHERE n.user_id = ? AND n.id = ?`).get(userId, id) as NotificationRow | undefined;
}

/** How many of a person's visible notifications are unread. */
export function countUnread(db: Db, userId: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM notifications n JOIN members m ON m.paper_id = n.paper_id AND m.user_id = n.user_id WHERE n.user_id = ? AND n.read_at IS NULL`).get(userId) as { n: number }).n;
}

/** Marks one of a person's notifications read (a read one keeps its first read time). */
export function markRead(db: Db, userId: string, id: number): void {
  db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL').run(nowIso(), userId, id);
}

/** Marks every notification of a person read. */
export function markAllRead(db: Db, userId: string): void {
  db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(nowIso(), userId);
}
