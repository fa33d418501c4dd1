/**
 * Who may open a page's collaboration socket, decided before any room is touched: the Origin
 * must be ours, the session cookie live, and the user a member of the page's paper (a page in
 * the trash counts as not found). Transport-neutral: it takes the request's headers as strings.
 */
import { CloseCode } from '../../shared/collab.js';
import { canWrite, type Role } from '../../shared/roles.js';
import type { Config } from '../config.js';
import { originAllowed, pageAccess } from '../domain/access.js';
import { userForCookie } from '../domain/sessions.js';
import type { Db } from '../store/database.js';

/** The headers and page a connection attempt presents. */
export interface CollabRequest {
  pageId: string;
  origin: string | undefined;
  host: string | undefined;
  cookie: string | undefined;
}

/** An accepted connection's user and role, or the close code refusing it. */
export type Authorization =
  | { ok: true; userId: string; paperId: string; role: Role; readOnly: boolean }
  | { ok: false; code: number; reason: string };

/** Decides whether a request may join a page's room. */
export function authorizeCollab(db: Db, config: Config, req: CollabRequest): Authorization {
  if (!originAllowed(config, req.origin, req.host)) return { ok: false, code: CloseCode.ForbiddenOrigin, reason: 'forbidden origin' };
  const user = userForCookie(db, config, req.cookie);
  if (!user) return { ok: false, code: CloseCode.Unauthenticated, reason: 'unauthenticated' };
  const access = req.pageId ? pageAccess(db, req.pageId, user.id) : null;
  if (!access || access.deleted) return { ok: false, code: CloseCode.NotFound, reason: 'not found' };
  return { ok: true, userId: user.id, paperId: access.paperId, role: access.role, readOnly: !canWrite(access.role) };
}

/** The page id in a collaboration URL (`/collab/<pageId>?...`), or '' if there is none. */
export function pageIdFromUrl(url: string | undefined, prefix: string): string {
  const path = (url ?? '').split('?')[0];
  if (!path.startsWith(prefix + '/')) return '';
  const raw = path.slice(prefix.length + 1);
  if (!raw || raw.includes('/')) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return '';
  }
}
