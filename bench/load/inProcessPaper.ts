/**
 * A big paper in a fresh database with Quire running in this process, for the scenarios that time
 * server-side work on a whole paper (the dashboard, the confidentiality scan, export): chapters are
 * created through the tree's own rules and each gets its text as its stored first state, as if its
 * authors had written it. Everything is removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/store/database.js';
import { readConfig } from '../../server/config.js';
import { createApp, type QuireApp } from '../../server/app.js';
import { createPaper } from '../../server/domain/papers.js';
import { createPage } from '../../server/domain/tree.js';
import { initialPageState } from '../../server/collab/initialState.js';
import { newId, nowIso } from '../../server/store/ids.js';
import type { DocJSON } from '../../shared/schema.js';

export interface InProcessPaper {
  db: Db;
  quire: QuireApp;
  paperId: string;
  /** The chapters' page ids, in order. */
  pageIds: string[];
}

/** Builds a paper whose chapters hold `chapters` (one doc each, titled "Chapter n"), runs `use`, then cleans up. */
export async function withInProcessPaper<T>(
  paper: { title: string; subtitle?: string },
  chapters: DocJSON[],
  use: (built: InProcessPaper) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-paper-'));
  const db = openDatabase(join(dir, 'quire.sqlite'));
  const config = readConfig({ QUIRE_DATA_DIR: dir }, { port: 0, host: '127.0.0.1' });
  const quire = createApp({ db, config, log: () => {} });
  try {
    const userId = newId();
    db.prepare('INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(userId, 'Bench Editor', 'bench@example.org', 'x', nowIso());
    const actor = { id: userId, name: 'Bench Editor' };
    const { id: paperId } = createPaper(db, actor, { title: paper.title, subtitle: paper.subtitle ?? '', description: '' });
    const pageIds = chapters.map((doc, i) => {
      const page = createPage(db, { paperId, actor, title: `Chapter ${i + 1}`, parentId: null });
      db.prepare('UPDATE page_snapshots SET state = ? WHERE page_id = ?').run(Buffer.from(initialPageState(doc)), page.id);
      return page.id;
    });
    return await use({ db, quire, paperId, pageIds });
  } finally {
    await quire.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median of some timings. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
