/** Seeds a Quire data folder with one editor, one paper and N pages, for load runs; returns a session cookie. */
import { openDatabase } from '../../server/store/database.js';
import { readConfig } from '../../server/config.js';
import { createSession, SESSION_COOKIE } from '../../server/domain/sessions.js';
import { storeInitialState } from '../../server/store/pageBodies.js';
import { initialPageState } from '../../server/collab/initialState.js';
import { newId, nowIso } from '../../server/store/ids.js';
import { join } from 'node:path';

export interface Seeded {
  cookie: string;
  paperId: string;
  pageIds: string[];
}

/** Writes the seed rows into `<dataDir>/quire.sqlite` and closes the file; `content` is every page's initial Yjs state. */
export function seedDataDir(dataDir: string, pages = 1, content?: Uint8Array): Seeded {
  const config = readConfig({ QUIRE_DATA_DIR: dataDir });
  const db = openDatabase(join(dataDir, 'quire.sqlite'));
  try {
    const userId = newId();
    const paperId = newId();
    const now = nowIso();
    const pageIds: string[] = [];
    db.transaction(() => {
      db.prepare('INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(userId, 'Bench', `bench-${userId}@example.org`, 'x', now);
      db.prepare('INSERT INTO papers (id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(paperId, 'Bench paper', userId, now, now);
      db.prepare("INSERT INTO members (paper_id, user_id, role, added_at) VALUES (?, ?, 'editor', ?)").run(paperId, userId, now);
      for (let i = 0; i < pages; i++) {
        const pageId = newId();
        db.prepare('INSERT INTO pages (id, paper_id, parent_id, position, title, created_by, created_at) VALUES (?, ?, NULL, ?, ?, ?, ?)').run(pageId, paperId, i, `Page ${i + 1}`, userId, now);
        storeInitialState(db, pageId, content ?? initialPageState());
        pageIds.push(pageId);
      }
    })();
    const token = createSession(db, config, userId);
    return { cookie: `${SESSION_COOKIE}=${token}`, paperId, pageIds };
  } finally {
    db.close();
  }
}
