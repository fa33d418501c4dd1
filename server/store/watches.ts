/**
 * The paper_watches and page_watches tables. A page is watched by whoever watches its paper, by
 * whoever chose to watch it (watching = 1), and by its creator unless they chose to stop
 * (a row with watching = 0); the rules around them live in domain/watches.ts.
 */
import type { Db } from './database.js';
import { nowIso } from './ids.js';

/** Whether a person watches a whole paper. */
export function watchesPaper(db: Db, paperId: string, userId: string): boolean {
  return db.prepare('SELECT 1 FROM paper_watches WHERE paper_id = ? AND user_id = ?').get(paperId, userId) !== undefined;
}

/** Starts or stops watching a whole paper. */
export function setPaperWatch(db: Db, paperId: string, userId: string, watching: boolean): void {
  if (watching) db.prepare('INSERT OR IGNORE INTO paper_watches (paper_id, user_id, created_at) VALUES (?, ?, ?)').run(paperId, userId, nowIso());
  else db.prepare('DELETE FROM paper_watches WHERE paper_id = ? AND user_id = ?').run(paperId, userId);
}

/** Records a person's choice to watch a page or not (it overrides any automatic watch). */
export function setPageWatch(db: Db, pageId: string, userId: string, watching: boolean): void {
  db.prepare(
    `INSERT INTO page_watches (page_id, user_id, watching, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (page_id, user_id) DO UPDATE SET watching = excluded.watching, updated_at = excluded.updated_at`,
  ).run(pageId, userId, watching ? 1 : 0, nowIso());
}

/** Starts watching a page automatically, unless the person has already chosen either way. */
export function watchPageUnlessChosen(db: Db, pageId: string, userId: string): void {
  db.prepare('INSERT OR IGNORE INTO page_watches (page_id, user_id, watching, updated_at) VALUES (?, ?, 1, ?)').run(pageId, userId, nowIso());
}

// A page's watchers: chosen watchers, plus its creator unless they chose to stop.
const PAGE_WATCHERS = `SELECT w.user_id FROM page_watches w WHERE w.page_id = @pageId AND w.watching = 1
  UNION SELECT g.created_by FROM pages g WHERE g.id = @pageId AND g.created_by IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM page_watches x WHERE x.page_id = g.id AND x.user_id = g.created_by)`;

/** Everyone who watches a page, directly or through its paper (members or not; the caller filters). */
export function watchersOf(db: Db, paperId: string, pageId: string): string[] {
  const rows = db.prepare(`${PAGE_WATCHERS} UNION SELECT user_id FROM paper_watches WHERE paper_id = @paperId`).all({ paperId, pageId }) as { user_id: string }[];
  return rows.map((r) => r.user_id);
}

/** The live pages of a paper a person watches page by page (not counting a watch of the whole paper). */
export function watchedPageIds(db: Db, paperId: string, userId: string): string[] {
  const rows = db
    .prepare(
      `SELECT g.id FROM pages g LEFT JOIN page_watches w ON w.page_id = g.id AND w.user_id = @userId
       WHERE g.paper_id = @paperId AND g.deleted_at IS NULL AND (w.watching = 1 OR (w.watching IS NULL AND g.created_by = @userId))
       ORDER BY g.id`,
    )
    .all({ paperId, userId }) as { id: string }[];
  return rows.map((r) => r.id);
}
