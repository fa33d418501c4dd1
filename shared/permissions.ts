/**
 * The role matrix: what each role of a paper may do, written once as data. The server enforces
 * it from this table on every REST route (each route names its action), every socket.io event
 * and every collaboration connection (page.edit decides whether a connection may change text);
 * the client reads it to decide what to offer. A reader's export depends on a paper setting
 * (`readersMayExport`), so a cell is `true`, `false` or `'ifPaperAllows'`.
 */
import { ROLES, type Role } from './roles.js';
import type { ClientToServerEvents } from './events.js';

/** Every action a member may be allowed, named `resource.verb`. */
export const ACTIONS = [
  'paper.read',
  'paper.update',
  'paper.export',
  'paper.release',
  'members.read',
  'members.manage',
  'invitations.manage',
  'page.read',
  'page.create',
  'page.edit',
  'page.rename',
  'page.move',
  'page.delete',
  'page.restore',
  'page.approve',
  'page.set_status',
  'page.assign',
  'label.edit',
  'label.manage',
  'comment.read',
  'comment.create',
  'comment.resolve_own',
  'comment.resolve_any',
  'audit.read',
] as const;
export type Action = (typeof ACTIONS)[number];

/** One cell of the matrix: allowed, refused, or allowed only where the paper's settings say so. */
export type Grant = boolean | 'ifPaperAllows';

/** The paper settings a conditional cell looks at. */
export interface PaperPermissionSettings {
  readersMayExport: boolean;
}

const Y = true;
const N = false;

/**
 * The matrix, by action then role. Editor: everything. Author: write and organise pages, comment,
 * label. Reviewer: read and comment, resolve their own threads. Reader: read, export if allowed.
 */
export const PERMISSIONS: Readonly<Record<Action, Readonly<Record<Role, Grant>>>> = {
  //                         editor author reviewer reader
  'paper.read':          { editor: Y, author: Y, reviewer: Y, reader: Y },
  'paper.update':        { editor: Y, author: N, reviewer: N, reader: N },
  'paper.export':        { editor: Y, author: Y, reviewer: Y, reader: 'ifPaperAllows' },
  'paper.release':       { editor: Y, author: N, reviewer: N, reader: N },
  'members.read':        { editor: Y, author: Y, reviewer: Y, reader: Y },
  'members.manage':      { editor: Y, author: N, reviewer: N, reader: N },
  'invitations.manage':  { editor: Y, author: N, reviewer: N, reader: N },
  'page.read':           { editor: Y, author: Y, reviewer: Y, reader: Y },
  'page.create':         { editor: Y, author: Y, reviewer: N, reader: N },
  'page.edit':           { editor: Y, author: Y, reviewer: N, reader: N },
  'page.rename':         { editor: Y, author: Y, reviewer: N, reader: N },
  'page.move':           { editor: Y, author: Y, reviewer: N, reader: N },
  'page.delete':         { editor: Y, author: Y, reviewer: N, reader: N },
  'page.restore':        { editor: Y, author: Y, reviewer: N, reader: N },
  'page.approve':        { editor: Y, author: N, reviewer: N, reader: N },
  'page.set_status':     { editor: Y, author: Y, reviewer: N, reader: N },
  'page.assign':         { editor: Y, author: N, reviewer: N, reader: N },
  'label.edit':          { editor: Y, author: Y, reviewer: N, reader: N },
  'label.manage':        { editor: Y, author: N, reviewer: N, reader: N },
  'comment.read':        { editor: Y, author: Y, reviewer: Y, reader: Y },
  'comment.create':      { editor: Y, author: Y, reviewer: Y, reader: N },
  'comment.resolve_own': { editor: Y, author: Y, reviewer: Y, reader: N },
  'comment.resolve_any': { editor: Y, author: Y, reviewer: N, reader: N },
  'audit.read':          { editor: Y, author: N, reviewer: N, reader: N },
};

const DEFAULT_SETTINGS: PaperPermissionSettings = { readersMayExport: false };

/** Whether a role may take an action in a paper with these settings (a non-member may take none). */
export function can(role: Role | null | undefined, action: Action, settings: PaperPermissionSettings = DEFAULT_SETTINGS): boolean {
  if (!role) return false;
  const grant = PERMISSIONS[action][role];
  if (grant === 'ifPaperAllows') return action === 'paper.export' && settings.readersMayExport;
  return grant;
}

/** The roles allowed an action in a paper with these settings. */
export function rolesAllowed(action: Action, settings?: PaperPermissionSettings): Role[] {
  return ROLES.filter((role) => can(role, action, settings));
}

/** The sentence a refused member reads, for an action their role does not allow. */
export function refusalMessage(action: Action): string {
  if (action === 'paper.export') return 'Only editors, authors and reviewers can export this paper; an editor can allow readers to export.';
  if (PERMISSIONS[action].author) return 'Your role in this paper does not allow that.';
  return 'Only an editor of this paper can do that.';
}

/**
 * Who may reach a route outside any paper: anyone (sign-up, sign-in, an invitation's preview) or
 * anyone signed in (their papers, accepting an invitation).
 */
export type OpenAccess = 'anyone' | 'signedIn';

/** A route's declared access: an action of the matrix (the route is under a paper) or open access. */
export type RouteAccess = { action: Action } | { open: OpenAccess };

/**
 * socket.io events a client may send, each with the action its sender needs in the event's paper
 * (null: allowed to anyone connected, such as leaving a room). Checked against the member's role
 * as stored at the time of each event, so a role change applies to the next event.
 */
export const EVENT_ACTIONS = {
  'paper:join': 'paper.read',
  'paper:leave': null,
  'presence:update': 'paper.read',
} as const satisfies Record<keyof ClientToServerEvents, Action | null>;
