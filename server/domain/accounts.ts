/**
 * The account rules over users and sessions: signing up, in and out, and changing the password.
 * Each records itself in the audit trail inside the transaction of the change; a failed sign-in
 * also counts towards the lockout (lockout.ts).
 */
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { ChangePasswordBody, SignInBody, SignUpBody, UserView } from '../../shared/api.js';
import { badRequest, conflict, unauthenticated } from '../errors.js';
import { insertUser, setPasswordHash, toUserView, userByEmail, userById } from '../store/users.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { createSession, endOtherSessions, endSession, sessionOwner } from './sessions.js';
import { recordAudit } from './audit.js';
import { accountLocked, clearFailedSignIns, lockedUntil, recordFailedSignIn } from './lockout.js';

export const DUPLICATE_EMAIL = 'An account with this email already exists. Sign in instead.';
export const WRONG_CREDENTIALS = 'Wrong email or password.';
export const WRONG_CURRENT_PASSWORD = 'Your current password is not right. Nothing was changed.';

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** Creates an account and a session for it; 409 if the email is taken. */
export async function signUp(db: Db, config: Config, body: SignUpBody, { ip }: RequestOrigin = { ip: null }): Promise<{ user: UserView; token: string }> {
  if (userByEmail(db, body.email)) throw conflict(DUPLICATE_EMAIL);
  const passwordHash = await hashPassword(body.password);
  try {
    const user = db.transaction(() => {
      const row = insertUser(db, { name: body.name, email: body.email, passwordHash });
      recordAudit(db, { actor: { id: row.id, name: row.name }, action: 'account.signup', target: row.id, ip });
      return { user: toUserView(row), token: createSession(db, config, row.id) };
    })();
    return user;
  } catch (err) {
    // Two sign-ups with one email at once: the second meets the UNIQUE constraint after hashing.
    if (isUniqueViolation(err)) throw conflict(DUPLICATE_EMAIL);
    throw err;
  }
}

/**
 * Checks email and password and starts a new session. The same 401 for an unknown email and a
 * wrong password; a locked email gets 423 whatever the password (see lockout.ts).
 */
export async function signIn(db: Db, config: Config, body: SignInBody, { ip }: RequestOrigin = { ip: null }): Promise<{ user: UserView; token: string }> {
  const row = userByEmail(db, body.email);
  const actor = row ? { id: row.id, name: row.name } : null;
  const locked = lockedUntil(db, body.email);
  if (locked) {
    recordAudit(db, { actor, action: 'account.signin_failed', target: body.email, detail: { reason: 'locked' }, ip });
    throw accountLocked(locked);
  }
  let ok = false;
  if (row) ok = await verifyPassword(body.password, row.password_hash);
  else await burnPasswordCheck(body.password);
  if (!ok) {
    const lockedNow = db.transaction(() => {
      recordAudit(db, { actor, action: 'account.signin_failed', target: body.email, detail: { reason: 'wrong_password' }, ip });
      const until = recordFailedSignIn(db, config, body.email);
      if (until) recordAudit(db, { actor, action: 'account.locked', target: body.email, detail: { until: new Date(until).toISOString() }, ip });
      return until;
    })();
    if (lockedNow) throw accountLocked(lockedNow);
    throw unauthenticated(WRONG_CREDENTIALS);
  }
  return db.transaction(() => {
    // A lock set by a concurrent failure while the password was being checked still holds.
    const lockedMeanwhile = lockedUntil(db, body.email);
    if (lockedMeanwhile) throw accountLocked(lockedMeanwhile);
    clearFailedSignIns(db, body.email);
    recordAudit(db, { actor, action: 'account.signin', target: row!.id, ip });
    return { user: toUserView(row!), token: createSession(db, config, row!.id) };
  })();
}

/** Ends the session with this token and records the sign-out (nothing to record for an unknown token). */
export function signOut(db: Db, token: string, { ip }: RequestOrigin = { ip: null }): void {
  db.transaction(() => {
    const owner = sessionOwner(db, token);
    endSession(db, token);
    if (owner) recordAudit(db, { actor: owner, action: 'account.signout', target: owner.id, ip });
  })();
}

/**
 * Changes a signed-in person's password after checking the current one (400 if wrong), and ends
 * every other session of theirs; the session with `keepToken` stays signed in.
 */
export async function changePassword(db: Db, userId: string, keepToken: string, body: ChangePasswordBody, { ip }: RequestOrigin = { ip: null }): Promise<void> {
  const row = userById(db, userId);
  if (!row || !(await verifyPassword(body.currentPassword, row.password_hash))) {
    throw badRequest(WRONG_CURRENT_PASSWORD, { currentPassword: WRONG_CURRENT_PASSWORD });
  }
  const passwordHash = await hashPassword(body.newPassword);
  db.transaction(() => {
    setPasswordHash(db, userId, passwordHash);
    const ended = endOtherSessions(db, userId, keepToken);
    recordAudit(db, { actor: { id: row.id, name: row.name }, action: 'account.password_changed', target: row.id, detail: { otherSessionsEnded: ended }, ip });
  })();
}
