/**
 * Who may open a page's collaboration socket, decided before any room is touched: the Origin
 * must be ours, the session cookie live, and the user a member of the page's paper (a page in
 * the trash counts as not found). Transport-neutral: it takes the request's headers as strings.
 *
 * An accepted connection keeps a SessionWatch: editing over the socket counts as activity for
 * the session (HTTP requests are not the only sign of life), and a session that ended (idle,
 * past its maximum, signed out) is noticed while the socket stays open.
 */
import { createHash } from 'node:crypto';
import { CloseCode } from '../../shared/collab.js';
import type { Role } from '../../shared/roles.js';
import type { Config } from '../config.js';
import { originAllowed, pageAccess } from '../domain/access.js';
import { SESSION_COOKIE, parseCookies, userForCookie } from '../domain/sessions.js';
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
  | { ok: true; userId: string; paperId: string; role: Role; readOnly: boolean; session: SessionWatch }
  | { ok: false; code: number; reason: string };

/** Decides whether a request may join a page's room. */
export function authorizeCollab(db: Db, config: Config, req: CollabRequest): Authorization {
  if (!originAllowed(config, req.origin, req.host)) return { ok: false, code: CloseCode.ForbiddenOrigin, reason: 'forbidden origin' };
  const user = userForCookie(db, config, req.cookie);
  if (!user) return { ok: false, code: CloseCode.Unauthenticated, reason: 'unauthenticated' };
  const access = req.pageId ? pageAccess(db, req.pageId, user.id) : null;
  if (!access || access.deleted) return { ok: false, code: CloseCode.NotFound, reason: 'not found' };
  const session = new SessionWatch(db, config, parseCookies(req.cookie)[SESSION_COOKIE] ?? '');
  return { ok: true, userId: user.id, paperId: access.paperId, role: access.role, readOnly: !access.mayWrite, session };
}

/**
 * The session behind one open collaboration connection. `touch` records editing as activity
 * (restarting the idle clock) and `live` only looks; both answer whether the session still
 * holds. The rules match domain/sessions.ts: a session ends at its absolute expiry or after
 * sessionIdleMs without activity. Reads go straight to the table so that looking never counts
 * as activity, and a touch writes whenever asked: callers throttle to `intervalMs`.
 */
export class SessionWatch {
  /** How often a connection may touch or check its session: once a minute, or a quarter of a short idle limit. */
  readonly intervalMs: number;
  /** The session's absolute end (ms since epoch); it never moves, so it is read once. */
  readonly expiresAt: number;
  private readonly tokenHash: string;

  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'sessionIdleMs'>,
    token: string,
  ) {
    this.tokenHash = createHash('sha256').update(token).digest('hex');
    this.intervalMs = Math.max(250, Math.min(60_000, Math.floor(config.sessionIdleMs / 4)));
    const row = db.prepare('SELECT expires_at FROM sessions WHERE token_hash = ?').get(this.tokenHash) as { expires_at: string } | undefined;
    this.expiresAt = row ? Date.parse(row.expires_at) : 0;
  }

  /** Records activity now if the session is still live; returns whether it is. */
  touch(now = Date.now()): boolean {
    const result = this.db
      .prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND expires_at > ? AND last_seen_at > ?')
      .run(new Date(now).toISOString(), this.tokenHash, new Date(now).toISOString(), new Date(now - this.config.sessionIdleMs).toISOString());
    return result.changes === 1;
  }

  /** Whether the session is still live, without counting as activity. */
  live(now = Date.now()): boolean {
    const row = this.db.prepare('SELECT last_seen_at, expires_at FROM sessions WHERE token_hash = ?').get(this.tokenHash) as
      | { last_seen_at: string; expires_at: string }
      | undefined;
    return !!row && Date.parse(row.expires_at) > now && Date.parse(row.last_seen_at) + this.config.sessionIdleMs > now;
  }
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
