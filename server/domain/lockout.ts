/**
 * The lock after repeated failed sign-ins. Failures are counted per email typed (lower-case) in
 * SQLite, so a restart does not clear a lock. After `lockoutFailures` failures within
 * `lockoutWindowMs` the email is locked for `lockoutMs`; while locked, even the right password is
 * refused with a sentence saying when to try again. Counting by email rather than by account
 * means an unknown email locks exactly like a known one, so the lock message does not by itself
 * tell whether an account exists.
 */
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import { HttpError } from '../errors.js';

interface LockoutRow {
  email: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

/** When the lock on this email ends (ms since epoch), or null if it is not locked now. */
export function lockedUntil(db: Db, email: string, now = Date.now()): number | null {
  const row = db.prepare('SELECT locked_until FROM signin_lockouts WHERE email = ?').get(email) as Pick<LockoutRow, 'locked_until'> | undefined;
  if (!row?.locked_until) return null;
  const until = Date.parse(row.locked_until);
  return until > now ? until : null;
}

/**
 * Counts one failed sign-in for this email; returns when the lock ends if this failure locked
 * it, else null. Call inside a transaction so concurrent failures count once each.
 */
export function recordFailedSignIn(db: Db, config: Config, email: string, now = Date.now()): number | null {
  if (config.lockoutFailures <= 0) return null;
  const iso = (ms: number) => new Date(ms).toISOString();
  // Forget finished windows and expired locks, so the table holds only what still counts.
  db.prepare('DELETE FROM signin_lockouts WHERE window_start <= ? AND (locked_until IS NULL OR locked_until <= ?)').run(iso(now - config.lockoutWindowMs), iso(now));
  const row = db.prepare('SELECT * FROM signin_lockouts WHERE email = ?').get(email) as LockoutRow | undefined;
  const failures = row && !(row.locked_until && Date.parse(row.locked_until) <= now) ? row.failures + 1 : 1;
  const windowStart = row && failures > 1 ? row.window_start : iso(now);
  if (failures >= config.lockoutFailures) {
    const until = now + config.lockoutMs;
    db.prepare('INSERT OR REPLACE INTO signin_lockouts (email, failures, window_start, locked_until) VALUES (?, 0, ?, ?)').run(email, iso(now), iso(until));
    return until;
  }
  db.prepare('INSERT OR REPLACE INTO signin_lockouts (email, failures, window_start, locked_until) VALUES (?, ?, ?, NULL)').run(email, failures, windowStart);
  return null;
}

/** Forgets the failures counted for this email (after a successful sign-in, or when its account is deleted). */
export function clearFailedSignIns(db: Db, email: string): void {
  db.prepare('DELETE FROM signin_lockouts WHERE email = ?').run(email);
}

/** The 423 answer for a locked email, saying in whole minutes when to try again. */
export function accountLocked(until: number, now = Date.now()): HttpError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return new HttpError(
    423,
    'locked',
    `This account is locked after repeated failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  );
}
