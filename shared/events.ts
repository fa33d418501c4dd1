/**
 * socket.io events between Quire's server and its clients, named `resource:verb`. The socket.io
 * connection authenticates with the session cookie; a client joins a paper's room with
 * `paper:join` and the server acks `{ok:false, error}` (not a member, not found) or `{ok:true}`.
 */
import type { PageView } from './api.js';
import type { NotificationView } from './notifications.js';
import type { ExportProgress } from './export.js';

export type Ack<T = object> = (reply: ({ ok: true } & T) | { ok: false; error: string }) => void;

/** One person in a paper, and the page they have open (null: the paper's overview). */
export interface PresenceEntry {
  userId: string;
  name: string;
  color: string;
  pageId: string | null;
}

export interface ClientToServerEvents {
  /** Start receiving a paper's tree, presence and member events; replies with the current tree and presence. */
  'paper:join': (paperId: string, ack: Ack<{ pages: PageView[]; presence: PresenceEntry[] }>) => void;
  'paper:leave': (paperId: string) => void;
  /** Says which page of a joined paper this person now has open. */
  'presence:update': (update: { paperId: string; pageId: string | null }) => void;
}

export interface ServerToClientEvents {
  /** The whole live tree of a paper after any change (create, rename, move, delete, restore). */
  'tree:changed': (event: { paperId: string; pages: PageView[] }) => void;
  /** One page's details changed (last edited by/at). */
  'page:updated': (event: { paperId: string; page: PageView }) => void;
  /** Who is in the paper and on which page. */
  'presence:changed': (event: { paperId: string; people: PresenceEntry[] }) => void;
  /** The paper's details, settings or cover changed: fetch GET /papers/:paperId again (the view depends on your role). */
  'paper:changed': (event: { paperId: string }) => void;
  /** The paper's members changed. */
  'members:changed': (event: { paperId: string }) => void;
  /** A page's revision list changed (a revision was taken, named or restored). */
  'revisions:changed': (event: { paperId: string; pageId: string }) => void;
  /** The paper's label names changed (renamed or merged); page labels arrive with 'tree:changed'. */
  'labels:changed': (event: { paperId: string }) => void;
  /** A page's comment threads changed (new thread, reply, edit, delete, resolve, reopen). */
  'comments:changed': (event: { paperId: string; pageId: string }) => void;
  /** A page's attachments changed (one uploaded or removed): fetch GET .../pages/:pageId/files again. */
  'files:changed': (event: { paperId: string; pageId: string }) => void;
  /** Sent only to the person notified (their own room), whatever paper they are looking at. */
  'notification:new': (event: { notification: NotificationView; unread: number }) => void;
  /** This socket's session ended (signed out, expired): the server disconnects it right after. */
  'session:ended': (event: { message: string }) => void;
  /** The person's unread count changed (marked read elsewhere). */
  'notifications:unread': (event: { unread: number }) => void;
  /** How far a confidentiality check this person started has got (their own room): `done` of `of` pages read. */
  'confidentiality:progress': (event: ConfidentialityProgress) => void;
  /** A release of the paper was frozen: fetch GET /papers/:paperId/releases again. */
  'releases:changed': (event: { paperId: string }) => void;
  /** How far an export this person started has got (their own room), and its status. */
  'export:progress': (event: ExportProgress) => void;
}

/** The progress of one confidentiality check, named by the id its starter gave it. */
export interface ConfidentialityProgress {
  paperId: string;
  checkId: string;
  done: number;
  of: number;
}

/** The socket.io room of one person (every socket they have open joins it on connect). */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** The socket.io room of a paper. */
export function paperRoom(paperId: string): string {
  return `paper:${paperId}`;
}
