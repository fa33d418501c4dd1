/** Signing up and signing in: the account rules over users and sessions. */
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { SignInBody, SignUpBody, UserView } from '../../shared/api.js';
import { conflict, unauthenticated } from '../errors.js';
import { insertUser, toUserView, userByEmail } from '../store/users.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

export const DUPLICATE_EMAIL = 'An account with this email already exists. Sign in instead.';
export const WRONG_CREDENTIALS = 'Wrong email or password.';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** Creates an account and a session for it; 409 if the email is taken. */
export async function signUp(db: Db, config: Config, body: SignUpBody): Promise<{ user: UserView; token: string }> {
  if (userByEmail(db, body.email)) throw conflict(DUPLICATE_EMAIL);
  const passwordHash = await hashPassword(body.password);
  try {
    const user = db.transaction(() => {
      const row = insertUser(db, { name: body.name, email: body.email, passwordHash });
      return { user: toUserView(row), token: createSession(db, config, row.id) };
    })();
    return user;
  } catch (err) {
    // Two sign-ups with one email at once: the second meets the UNIQUE constraint after hashing.
    if (isUniqueViolation(err)) throw conflict(DUPLICATE_EMAIL);
    throw err;
  }
}

/** Checks email and password and starts a new session; the same 401 for an unknown email and a wrong password. */
export async function signIn(db: Db, config: Config, body: SignInBody): Promise<{ user: UserView; token: string }> {
  const row = userByEmail(db, body.email);
  if (!row) {
    await burnPasswordCheck(body.password);
    throw unauthenticated(WRONG_CREDENTIALS);
  }
  if (!(await verifyPassword(body.password, row.password_hash))) throw unauthenticated(WRONG_CREDENTIALS);
  return { user: toUserView(row), token: createSession(db, config, row.id) };
}
