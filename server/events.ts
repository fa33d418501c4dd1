/**
 * Events inside one Quire server, from the layer that changes data (routes, collab) to the layers
 * that tell people (socket.io). One instance per app, passed explicitly.
 */
import { EventEmitter } from 'node:events';
import type { PageStatus } from '../shared/api.js';
import type { NotificationView } from '../shared/notifications.js';
import type { ConfidentialityProgress } from '../shared/events.js';
import type { ExportProgress } from '../shared/export.js';

export interface AppEventMap {
  /** The page tree of a paper changed (create, rename, move, delete, restore). */
  'tree:changed': [paperId: string];
  /** A page's body was stored with edits by this user (throttled: at most every few seconds per page). */
  'page:edited': [paperId: string, pageId: string, userId: string];
  /** New edits of a page were stored, every time (search keeps its index fresh from this). */
  'page:stored': [paperId: string, pageId: string];
  /** A paper's members changed; userId's access may have changed. */
  'members:changed': [paperId: string, userId: string];
  /** A session was signed out (the SHA-256 of its token): its sockets are disconnected. */
  'session:ended': [tokenHash: string];
  /** A paper's details, settings or cover changed (PATCH /papers/:paperId). */
  'paper:changed': [paperId: string];
  /** A page's revision list changed. */
  'revisions:changed': [paperId: string, pageId: string];
  /** The paper's label names changed (rename, merge). */
  'labels:changed': [paperId: string];
  /** A page's status changed (or a reopen was requested); open editing connections re-check their write access. */
  'page:status_changed': [change: StatusChange];
  /** A page's comment threads changed. */
  'comments:changed': [paperId: string, pageId: string];
  /** A page's attachments changed (one uploaded or removed). */
  'files:changed': [paperId: string, pageId: string];
  /** A comment or reply was posted (notifications decide who hears of it). */
  'comment:posted': [posted: CommentPosted];
  /** Someone was notified (domain/notifications.ts); realtime sends it to their own sockets. */
  'notification:created': [userId: string, notification: NotificationView, unread: number];
  /** Someone's unread count changed because they marked notifications read. */
  'notifications:read': [userId: string, unread: number];
  /** A confidentiality check that userId started read another page. */
  'confidentiality:progress': [userId: string, progress: ConfidentialityProgress];
  /** An export job that userId started read another page, finished, failed or was cancelled. */
  'export:progress': [userId: string, progress: ExportProgress];
  /** A release of the paper was frozen (domain/releases.ts). */
  'releases:changed': [paperId: string];
}

/** A change of page status, for notifications and the collab server. */
export interface StatusChange {
  paperId: string;
  pageId: string;
  actorId: string;
  from: PageStatus;
  to: PageStatus;
  /** True when an author asked an editor to reopen an approved page (status unchanged). */
  reopenRequested?: boolean;
}

/** A new comment: a thread's first comment or a reply. */
export interface CommentPosted {
  paperId: string;
  pageId: string;
  threadId: string;
  commentId: string;
  authorId: string;
  /** Who started the thread (a reply notifies them). */
  threadAuthorId: string;
  /** Everyone who has written in the thread before this comment. */
  participantIds: string[];
  /** Members mentioned in this comment (already checked to be members of the paper). */
  mentionedIds: string[];
  /** The comment's text (plain), for the notification's excerpt. */
  text: string;
  isReply: boolean;
  /** An edited comment: only the people it newly mentions are told (mentionedIds holds just them). */
  mentionsOnly?: boolean;
}

export class AppEvents extends EventEmitter<AppEventMap> {}
