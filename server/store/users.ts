/** The users table: people with an account. Emails are stored lower-case and compared without case. */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import type { UserView } from '../../shared/api.js';
import { colorFor } from '../../shared/presence.js';

export interface UserRow {
  id: string;
  name: string;
  email: string;
  password_hash: string;
  created_at: string;
  deleted_at: string | null;
}

/** The name a deleted account shows wherever its words remain. */
export const FORMER_MEMBER = 'Former member';

/** A user as the API shows them (never the password hash). */
export function toUserView(user: { id: string; name: string; email: string }): UserView {
  return { id: user.id, name: user.name, email: user.email, color: colorFor(user.id) };
}

/** Inserts a new user and returns their row; throws SQLITE_CONSTRAINT_UNIQUE if the email is taken. */
export function insertUser(db: Db, input: { name: string; email: string; passwordHash: string }): UserRow {
  const row: UserRow = { id: newId(), name: input.name, email: input.email, password_hash: input.passwordHash, created_at: nowIso(), deleted_at: null };
  db.prepare('INSERT INTO users (id, name, email, password_hash, created_at) VALUES (@id, @name, @email, @password_hash, @created_at)').run(row);
  return row;
}

/** The user with this email (any case), or undefined. */
export function userByEmail(db: Db, email: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined;
}

/** The user with this id, or undefined. */
export function userById(db: Db, id: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

/** Replaces a user's password hash. */
export function setPasswordHash(db: Db, id: string, passwordHash: string): void {
  db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id);
}

/**
 * Erases a user's personal data but keeps the row, so everything that points at it (pages,
 * papers, page updates) still resolves: the name becomes "Former member", the email a unique
 * string that is not an address (no sign-up can produce it), the password hash one no password
 * matches, and deleted_at is set.
 */
export function anonymiseUser(db: Db, id: string): void {
  db.prepare("UPDATE users SET name = ?, email = ?, password_hash = '!deleted', deleted_at = ? WHERE id = ?").run(FORMER_MEMBER, `former-member:${id}`, nowIso(), id);
}
