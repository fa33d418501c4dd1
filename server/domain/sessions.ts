/**
 * Server-side sessions. The cookie carries a random token; the table keeps only its SHA-256, so a
 * copied database file cannot be used to sign in. A session ends after a period without activity
 * or an absolute maximum, whichever comes first (both in Config).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import { nowIso } from '../store/ids.js';

export const SESSION_COOKIE = 'quire_session';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** The SHA-256 of a session token, as the sessions table keys it. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Parses a Cookie header into name -> value (first one wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

/** Starts a session for a user and returns its token (for the cookie). */
export function createSession(db: Db, config: Config, userId: string): string {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    hashToken(token),
    userId,
    new Date(now).toISOString(),
    new Date(now).toISOString(),
    new Date(now + config.sessionMaxMs).toISOString(),
  );
  return token;
}

/** Ends the session with this token, if any. */
export function endSession(db: Db, token: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
}

/** Ends every session of a user, except the one with `keepToken`; returns how many ended. */
export function endOtherSessions(db: Db, userId: string, keepToken?: string): number {
  return db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash != ?').run(userId, keepToken ? hashToken(keepToken) : '').changes;
}

/** The user a session token belongs to (expired or not), or null; does not count as activity. */
export function sessionOwner(db: Db, token: string): { id: string; name: string } | null {
  const row = db.prepare('SELECT u.id, u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?').get(hashToken(token)) as { id: string; name: string } | undefined;
  return row ?? null;
}

/** A session as its owner may see it: times only, never the token or its hash. */
export interface SessionSummary {
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** The session the request came with. */
  current: boolean;
}

/** Every session of a user, newest first, marking the one with `currentToken`. */
export function sessionsOf(db: Db, userId: string, currentToken?: string): SessionSummary[] {
  const current = currentToken ? hashToken(currentToken) : '';
  const rows = db.prepare('SELECT token_hash, created_at, last_seen_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at DESC').all(userId) as {
    token_hash: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
  }[];
  return rows.map((r) => ({ createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, current: r.token_hash === current }));
}

/**
 * The user of a live session token, or null. Counts as activity: the idle clock restarts.
 * An expired or idle session is deleted.
 */
export function userForToken(db: Db, config: Config, token: string | undefined): SessionUser | null {
  if (!token) return null;
  const key = hashToken(token);
  const row = db
    .prepare(
      `SELECT s.last_seen_at, s.expires_at, u.id, u.name, u.email
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
    )
    .get(key) as { last_seen_at: string; expires_at: string; id: string; name: string; email: string } | undefined;
  if (!row) return null;
  const now = Date.now();
  if (Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + config.sessionIdleMs <= now) {
    db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(key);
    return null;
  }
  // Write the activity at most once a minute (or a quarter of the idle limit, if shorter):
  // this runs on every request and collab upgrade.
  if (now - Date.parse(row.last_seen_at) > Math.min(60_000, config.sessionIdleMs / 4)) {
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(nowIso(), key);
  }
  return { id: row.id, name: row.name, email: row.email };
}

/** The user of the session named in a Cookie header, or null. */
export function userForCookie(db: Db, config: Config, cookieHeader: string | undefined): SessionUser | null {
  return userForToken(db, config, parseCookies(cookieHeader)[SESSION_COOKIE]);
}

/** The Set-Cookie attributes of the session cookie. */
export function sessionCookieOptions(config: Config) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, path: '/', maxAge: config.sessionMaxMs };
}
