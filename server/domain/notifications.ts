/**
 * Who is told what. Listens to the AppEvents of comments ('comment:posted') and page status
 * ('page:status_changed'), decides who hears of each, stores one notification per person per
 * event and emits 'notification:created' for each (realtime sends it to that person's sockets).
 *
 * The rules: a new comment tells the people it mentions, and for a reply the thread's author and
 * everyone who wrote in it, and the watchers of the page or its paper; when several reasons apply
 * the strongest wins (mention, then reply, then watched comment). A status change tells the
 * watchers; a request to reopen an approved page tells the paper's editors. The actor is never
 * told, and only current members of the paper are. Lists and counts show only notifications of
 * papers the person still belongs to (store/notifications.ts).
 */
import type { Db } from '../store/database.js';
import type { AppEvents, AppEventMap, CommentPosted, StatusChange } from '../events.js';
import { NOTIFICATIONS_KEPT, type NotificationKind, type NotificationListQuery, type NotificationListView, type NotificationView } from '../../shared/notifications.js';
import type { Role } from '../../shared/roles.js';
import { can } from '../../shared/permissions.js';
import { sectionNumbers } from '../../shared/tree.js';
import { notFound } from '../errors.js';
import { countUnread, insertNotification, listNotificationRows, markAllRead, markRead, notificationRow, pruneNotifications, type NotificationRow } from '../store/notifications.js';
import { pageNodes } from '../store/pages.js';
import { watchersOf } from '../store/watches.js';
import { FORMER_MEMBER } from '../store/users.js';
import { excerptOf, notificationText, pageLabel } from './notificationText.js';
import { watchAsCommenter } from './watches.js';

/** The strength of each reason to tell someone of a comment; the strongest one is kept. */
const STRENGTH: Record<'mention' | 'reply' | 'comment', number> = { mention: 3, reply: 2, comment: 1 };

/** One person to tell of an event, and why. */
export interface Recipient {
  userId: string;
  kind: NotificationKind;
  /** For a reply: whether the thread is theirs. */
  ownThread?: boolean;
}

/**
 * Who hears of a new comment and why: mentioned people, then (for a reply) the thread's author and
 * its earlier writers, then the page's watchers; one reason per person, the strongest; never the
 * comment's author; only members.
 */
export function commentRecipients(posted: CommentPosted, watchers: readonly string[], isMember: (userId: string) => boolean): Recipient[] {
  const chosen = new Map<string, Recipient>();
  const offer = (userId: string, kind: 'mention' | 'reply' | 'comment', extra: Partial<Recipient> = {}) => {
    if (userId === posted.authorId || !isMember(userId)) return;
    const held = chosen.get(userId);
    if (held && STRENGTH[held.kind as keyof typeof STRENGTH] >= STRENGTH[kind]) return;
    chosen.set(userId, { userId, kind, ...extra });
  };
  for (const id of posted.mentionedIds) offer(id, 'mention');
  if (posted.mentionsOnly) return [...chosen.values()];
  if (posted.isReply) {
    offer(posted.threadAuthorId, 'reply', { ownThread: true });
    for (const id of posted.participantIds) offer(id, 'reply', { ownThread: id === posted.threadAuthorId });
  }
  for (const id of watchers) offer(id, 'comment');
  return [...chosen.values()];
}

/**
 * Who hears of a status change: the page's watchers, or for a request to reopen, the members who
 * may reopen it (editors); never the actor; only members.
 */
export function statusRecipients(change: StatusChange, watchers: readonly string[], roles: ReadonlyMap<string, Role>): Recipient[] {
  const kind: NotificationKind = change.reopenRequested ? 'reopen' : 'status';
  const candidates = change.reopenRequested ? [...roles].filter(([, role]) => can(role, 'page.approve')).map(([id]) => id) : watchers;
  return [...new Set(candidates)].filter((id) => id !== change.actorId && roles.has(id)).map((userId) => ({ userId, kind }));
}

/** Turns stored rows into views, numbering each page from its paper's live tree. */
function toViews(db: Db, rows: NotificationRow[]): NotificationView[] {
  const numbers = new Map<string, Map<string, string>>();
  const numberOf = (paperId: string, pageId: string) => {
    let map = numbers.get(paperId);
    if (!map) {
      map = sectionNumbers(pageNodes(db, paperId).filter((p) => p.deletedAt === null));
      numbers.set(paperId, map);
    }
    return map.get(pageId);
  };
  return rows.map((row) => {
    const actor = { id: row.actor_id ?? '', name: row.actor_name ?? FORMER_MEMBER };
    const label = row.page_id && row.page_title !== null ? pageLabel(row.page_title, row.page_deleted_at ? undefined : numberOf(row.paper_id, row.page_id)) : row.paper_title;
    return {
      id: row.id,
      kind: row.kind,
      paperId: row.paper_id,
      paperTitle: row.paper_title,
      pageId: row.page_id,
      pageTitle: row.page_title,
      threadId: row.thread_id,
      actor,
      text: notificationText({ kind: row.kind, actorName: actor.name, pageLabel: label, excerpt: row.excerpt, detail: JSON.parse(row.detail) as Record<string, unknown> }),
      createdAt: row.created_at,
      readAt: row.read_at,
    };
  });
}

/** A person's notifications, newest first, with their unread count. */
export function listNotifications(db: Db, userId: string, query: NotificationListQuery): NotificationListView {
  // One more than asked says whether older ones remain.
  const rows = listNotificationRows(db, userId, { limit: query.limit + 1, before: query.before });
  const more = rows.length > query.limit;
  const notifications = toViews(db, rows.slice(0, query.limit));
  return { notifications, unread: countUnread(db, userId), nextBefore: more ? notifications[notifications.length - 1].id : null };
}

/** Marks one of a person's own notifications read (404 for anyone else's); returns their unread count and tells their other tabs. */
export function readNotification(db: Db, events: AppEvents, userId: string, id: number): number {
  if (!notificationRow(db, userId, id)) throw notFound('No such notification.');
  markRead(db, userId, id);
  const unread = countUnread(db, userId);
  events.emit('notifications:read', userId, unread);
  return unread;
}

/** Marks all of a person's notifications read and tells their other tabs. */
export function readAllNotifications(db: Db, events: AppEvents, userId: string): number {
  markAllRead(db, userId);
  const unread = countUnread(db, userId);
  events.emit('notifications:read', userId, unread);
  return unread;
}

/** The members of a paper and their roles. */
function rolesIn(db: Db, paperId: string): Map<string, Role> {
  const rows = db.prepare('SELECT user_id, role FROM members WHERE paper_id = ?').all(paperId) as { user_id: string; role: Role }[];
  return new Map(rows.map((r) => [r.user_id, r.role]));
}

/** Stores the notifications of one event in one transaction (keeping each person's newest NOTIFICATIONS_KEPT), then announces each. */
function deliver(db: Db, events: AppEvents, stored: () => { userId: string; id: number }[]): void {
  const created = db.transaction(() => {
    const made = stored();
    for (const { userId } of made) pruneNotifications(db, userId, NOTIFICATIONS_KEPT);
    return made;
  })();
  const rows = created.map(({ userId, id }) => notificationRow(db, userId, id)).filter((row) => row !== undefined);
  // One call numbers the page once for everyone told.
  const views = toViews(db, rows);
  rows.forEach((row, i) => events.emit('notification:created', row.user_id, views[i], countUnread(db, row.user_id)));
}

/** Tells the right people of a new comment, and makes its author watch the page. */
function onCommentPosted(db: Db, events: AppEvents, posted: CommentPosted): void {
  const roles = rolesIn(db, posted.paperId);
  const recipients = commentRecipients(posted, watchersOf(db, posted.paperId, posted.pageId), (id) => roles.has(id));
  const excerpt = excerptOf(posted.text);
  deliver(db, events, () => {
    watchAsCommenter(db, posted.pageId, posted.authorId);
    return recipients.map((r) => ({
      userId: r.userId,
      id: insertNotification(db, {
        userId: r.userId,
        paperId: posted.paperId,
        pageId: posted.pageId,
        kind: r.kind,
        actorId: posted.authorId,
        threadId: posted.threadId,
        excerpt,
        detail: r.kind === 'reply' ? { ownThread: !!r.ownThread } : r.kind === 'comment' ? { isReply: posted.isReply } : {},
      }),
    }));
  });
}

/** Tells the right people of a status change or a request to reopen. */
function onStatusChanged(db: Db, events: AppEvents, change: StatusChange): void {
  if (!change.reopenRequested && change.from === change.to) return;
  const recipients = statusRecipients(change, watchersOf(db, change.paperId, change.pageId), rolesIn(db, change.paperId));
  deliver(db, events, () =>
    recipients.map((r) => ({
      userId: r.userId,
      id: insertNotification(db, { userId: r.userId, paperId: change.paperId, pageId: change.pageId, kind: r.kind, actorId: change.actorId, detail: { from: change.from, to: change.to } }),
    })),
  );
}

/**
 * Subscribes the notification rules to the app's events; returns the unsubscribe. A failure is
 * logged, never thrown back into the route that emitted (its change is already committed).
 */
export function notifyOnEvents(deps: { db: Db; events: AppEvents; log: (...args: unknown[]) => void }): () => void {
  const { db, events, log } = deps;
  const offs: (() => void)[] = [];
  const listen = <K extends keyof AppEventMap>(name: K, handler: (...args: AppEventMap[K]) => void) => {
    const safe = (...args: AppEventMap[K]) => {
      try {
        handler(...args);
      } catch (err) {
        log(`notifications: ${name} failed`, err);
      }
    };
    events.on(name, safe as never);
    offs.push(() => events.off(name, safe as never));
  };
  listen('comment:posted', (posted) => onCommentPosted(db, events, posted));
  listen('page:status_changed', (change) => onStatusChanged(db, events, change));
  return () => offs.forEach((off) => off());
}
