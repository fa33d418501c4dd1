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
}

/** A user as the API shows them (never the password hash). */
export function toUserView(user: { id: string; name: string; email: string }): UserView {
  return { id: user.id, name: user.name, email: user.email, color: colorFor(user.id) };
}

/** Inserts a new user and returns their row; throws SQLITE_CONSTRAINT_UNIQUE if the email is taken. */
export function insertUser(db: Db, input: { name: string; email: string; passwordHash: string }): UserRow {
  const row: UserRow = { id: newId(), name: input.name, email: input.email, password_hash: input.passwordHash, created_at: nowIso() };
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
