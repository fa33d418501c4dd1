/**
 * Notifications: what a person is told about (a mention, a reply to their thread, a new comment
 * or a status change on a page or paper they watch, a request to reopen a page), and watching.
 * Shapes and request schemas shared by the server (server/domain/notifications.ts) and the client
 * (client/ui/notifications.ts).
 */
import { z } from 'zod';
import type { PersonRef } from './api.js';

/**
 * Why someone was told. One notification per person per event; when several reasons apply the
 * strongest wins: mention, then reply (to a thread they wrote in), then comment (on a page they
 * watch). status: a watched page's status changed; reopen: an author asked an editor to reopen.
 */
export type NotificationKind = 'mention' | 'reply' | 'comment' | 'status' | 'reopen';

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  paperId: string;
  paperTitle: string;
  pageId: string | null;
  pageTitle: string | null;
  /** The thread to open, for comment notifications. */
  threadId: string | null;
  actor: PersonRef;
  /** One line: "Ada mentioned you in 2.1 Definitions: …". Plain text. */
  text: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationListView {
  notifications: NotificationView[];
  /** Unread notifications in all, not only in this page of the list. */
  unread: number;
  /** Pass as `before` for older notifications; null when there are none. */
  nextBefore: number | null;
}

/** What a person watches in a paper: the whole paper, or some of its pages. */
export interface WatchView {
  paper: boolean;
  pageIds: string[];
}

/** Most notifications one request lists. */
export const NOTIFICATIONS_PAGE_MAX = 100;
/** Most notifications kept per person: older ones are removed as new ones arrive, so the table stays bounded. */
export const NOTIFICATIONS_KEPT = 500;
/** Characters of a comment kept as a notification's excerpt. */
export const EXCERPT_CHARS = 120;

/** GET /api/notifications?limit=&before= */
export const notificationListQuery = z.object({
  limit: z.coerce
    .number({ error: 'The limit must be a number.' })
    .int('The limit must be a whole number.')
    .min(1, 'The limit must be at least 1.')
    .max(NOTIFICATIONS_PAGE_MAX, `The limit must be at most ${NOTIFICATIONS_PAGE_MAX}.`)
    .default(20),
  before: z.coerce.number({ error: 'Before must be a notification id.' }).int('Before must be a notification id.').positive('Before must be a notification id.').optional(),
});

/** :id of POST /api/notifications/:id/read */
export const notificationId = z.coerce.number({ error: 'Not a notification id.' }).int('Not a notification id.').positive('Not a notification id.');

/** PUT .../watch */
export const watchBody = z.object({
  watching: z.boolean({ error: 'Watching must be true or false.' }),
});

export type NotificationListQuery = z.infer<typeof notificationListQuery>;
export type WatchBody = z.infer<typeof watchBody>;
