/**
 * Seeding SQLite directly (no HTTP API needed): a user with a live session, a paper, a membership
 * and a page with its initial body. For a child-process server, open the db file, seed, close it,
 * then start the child.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../server/store/database.js';
import { readConfig, type Config } from '../../server/config.js';
import { createSession, SESSION_COOKIE } from '../../server/domain/sessions.js';
import { newId, nowIso } from '../../server/store/ids.js';
import { storeInitialState } from '../../server/store/pageBodies.js';
import { initialPageState } from '../../server/collab/initialState.js';
import type { Role } from '../../shared/roles.js';

export interface SeededUser {
  userId: string;
  /** The Cookie header value that signs this user in. */
  cookie: string;
}

export interface SeededPaper extends SeededUser {
  paperId: string;
  pageId: string;
  role: Role;
}

const defaultConfig = (): Config => readConfig({});

/** Inserts a user with a live session and returns its id and cookie. */
export function seedUser(db: Db, { name = 'Test User', config = defaultConfig() }: { name?: string; config?: Config } = {}): SeededUser {
  const userId = newId();
  db.prepare('INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(
    userId,
    name,
    `user-${randomBytes(6).toString('hex')}@example.org`,
    'not-a-real-hash',
    nowIso(),
  );
  const token = createSession(db, config, userId);
  return { userId, cookie: `${SESSION_COOKIE}=${token}` };
}

/** Inserts a user (with the role, editor by default), a paper they belong to, and one page with its initial body. */
export function seedPaper(db: Db, { role = 'editor', config }: { role?: Role; config?: Config } = {}): SeededPaper {
  const user = seedUser(db, { config });
  const paperId = newId();
  const pageId = newId();
  const now = nowIso();
  db.transaction(() => {
    db.prepare('INSERT INTO papers (id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(paperId, 'Seeded paper', user.userId, now, now);
    db.prepare('INSERT INTO members (paper_id, user_id, role, added_at) VALUES (?, ?, ?, ?)').run(paperId, user.userId, role, now);
    db.prepare('INSERT INTO pages (id, paper_id, parent_id, position, title, created_by, created_at) VALUES (?, ?, NULL, 0, ?, ?, ?)').run(
      pageId,
      paperId,
      'Seeded page',
      user.userId,
      now,
    );
    storeInitialState(db, pageId, initialPageState());
  })();
  return { ...user, paperId, pageId, role };
}

/** Adds another user to a paper with a role and returns their id and cookie. */
export function addSeedMember(db: Db, paperId: string, role: Role, config?: Config): SeededUser {
  const user = seedUser(db, { config });
  db.prepare('INSERT INTO members (paper_id, user_id, role, added_at) VALUES (?, ?, ?, ?)').run(paperId, user.userId, role, nowIso());
  return user;
}

/** Adds another page to a paper, with its initial body. */
export function addSeedPage(db: Db, paperId: string, position = 1): string {
  const pageId = newId();
  db.transaction(() => {
    db.prepare('INSERT INTO pages (id, paper_id, parent_id, position, title, created_at) VALUES (?, ?, NULL, ?, ?, ?)').run(pageId, paperId, position, 'Another page', nowIso());
    storeInitialState(db, pageId, initialPageState());
  })();
  return pageId;
}

/** The stored rows of a page body, as raw bytes, to compare before and after. */
export function storedRows(db: Db, pageId: string): { snapshot: Buffer | null; lastUpdateId: number; updates: { id: number; data: Buffer }[] } {
  const snap = db.prepare('SELECT state, last_update_id FROM page_snapshots WHERE page_id = ?').get(pageId) as { state: Buffer; last_update_id: number } | undefined;
  const updates = db.prepare('SELECT id, data FROM page_updates WHERE page_id = ? ORDER BY id').all(pageId) as { id: number; data: Buffer }[];
  return { snapshot: snap?.state ?? null, lastUpdateId: snap?.last_update_id ?? 0, updates };
}
