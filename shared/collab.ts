/**
 * The collaboration endpoint, shared by server and client.
 *
 * Each page body is one Yjs document, reached over the y-websocket protocol at
 * `/collab/<pageId>`. The messages are y-websocket's (sync, awareness, auth, query-awareness)
 * plus one of ours: a client that sends MESSAGE_SAVED once (with no payload) is told, after each
 * SQLite commit that stored updates it sent, the highest clock stored for every Yjs client id it
 * sent updates for. Standard y-websocket clients never send it and never receive it.
 */

/** The XmlFragment of each page document that holds the ProseMirror body (y-prosemirror's default). */
export const FRAGMENT_NAME = 'prosemirror';

/** The path prefix of the collaboration endpoint; the page id follows it. */
export const COLLAB_PATH = '/collab';

/** The URL path for one page's document. */
export function collabPath(pageId: string): string {
  return `${COLLAB_PATH}/${encodeURIComponent(pageId)}`;
}

/** y-websocket message types, and our own. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Client -> server: "tell me when my updates are stored". Server -> client: varuint n, then n pairs (clientId, clock). */
export const MESSAGE_SAVED = 100;

/**
 * Close codes of the collaboration socket. 4xxx codes are ours (the WebSocket spec reserves
 * 4000-4999 for applications); the client turns each into a sentence with closeMessage().
 */
export const CloseCode = {
  /** No valid session cookie. */
  Unauthenticated: 4401,
  /** The Origin header names another site. */
  ForbiddenOrigin: 4403,
  /** No such page, or not a member of its paper (the two are indistinguishable on purpose). */
  NotFound: 4404,
  /** A single message was larger than the limit. */
  MessageTooLarge: 4413,
  /** The page document would grow beyond the maximum page size. */
  PageTooLarge: 4414,
  /** A message could not be decoded or applied. */
  Malformed: 4400,
  /** The stored page could not be loaded; nothing was changed. */
  LoadFailed: 4500,
  /** The server is shutting down; reconnect later. */
  ServerShutdown: 4503,
  /** Access to the paper was withdrawn while connected. */
  AccessRevoked: 4410,
} as const;

export type CloseCodeName = keyof typeof CloseCode;

/** Close codes after which reconnecting cannot help, so the client stops trying. */
export const FATAL_CLOSE_CODES: readonly number[] = [
  CloseCode.Unauthenticated,
  CloseCode.ForbiddenOrigin,
  CloseCode.NotFound,
  CloseCode.PageTooLarge,
  CloseCode.AccessRevoked,
];

/** The sentence a person sees when the collaboration socket closes with a code. */
export function closeMessage(code: number): string {
  switch (code) {
    case CloseCode.Unauthenticated:
      return 'You are signed out. Sign in again to keep editing; your changes are kept on this device.';
    case CloseCode.ForbiddenOrigin:
      return 'This page was opened from another site, so Quire refused the connection.';
    case CloseCode.NotFound:
      return 'This page does not exist or you are not a member of its paper.';
    case CloseCode.MessageTooLarge:
      return 'A change was too large to send in one go. Try pasting less at once.';
    case CloseCode.PageTooLarge:
      return 'This page has reached its maximum size. Split it into sub-pages to keep writing.';
    case CloseCode.Malformed:
      return 'The connection sent something Quire could not read, so it was reset.';
    case CloseCode.LoadFailed:
      return 'Quire could not load this page from storage. Nothing was changed; try again shortly.';
    case CloseCode.ServerShutdown:
      return 'Quire is restarting. Your changes are kept and will sync when it is back.';
    case CloseCode.AccessRevoked:
      return 'Your access to this paper has changed.';
    default:
      return 'The connection to Quire was lost. Your changes are kept on this device and will sync.';
  }
}
