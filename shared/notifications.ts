/**
 * Notifications: what a person is told about (a mention, a reply to their thread, a new comment
 * or a status change on a page or paper they watch), and watching. Shapes shared by the server
 * (server/notifications) and the client (client/ui/notifications).
 */
import type { PersonRef } from './api.js';

export type NotificationKind = 'mention' | 'reply' | 'comment' | 'status';

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
  unread: number;
}

/** What a person watches in a paper: the whole paper, or some of its pages. */
export interface WatchView {
  paper: boolean;
  pageIds: string[];
}
