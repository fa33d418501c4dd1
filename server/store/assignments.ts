/**
 * The page_assignees table: who each page is assigned to. Only members who may write (editors and
 * authors) count as assignees; a row whose member became a reviewer or reader stays but is not
 * shown, and removing a member from the paper deletes their rows (foreign key to members).
 */
import type { Db } from './database.js';
import { nowIso } from './ids.js';
import type { PersonRef } from '../../shared/api.js';

const SHOWN = `SELECT a.page_id, a.user_id AS id, u.name FROM page_assignees a
  JOIN members m ON m.paper_id = a.paper_id AND m.user_id = a.user_id AND m.role IN ('editor', 'author')
  JOIN users u ON u.id = a.user_id`;

/** The assignees of every page of a paper (one query for the whole tree), each list by name. */
export function assigneesByPage(db: Db, paperId: string): Map<string, PersonRef[]> {
  const rows = db.prepare(`${SHOWN} WHERE a.paper_id = ? ORDER BY u.name, a.user_id`).all(paperId) as { page_id: string; id: string; name: string }[];
  const out = new Map<string, PersonRef[]>();
  for (const { page_id, id, name } of rows) {
    const list = out.get(page_id);
    if (list) list.push({ id, name });
    else out.set(page_id, [{ id, name }]);
  }
  return out;
}

/** The assignees of one page, by name. */
export function pageAssignees(db: Db, pageId: string): PersonRef[] {
  return (db.prepare(`${SHOWN} WHERE a.page_id = ? ORDER BY u.name, a.user_id`).all(pageId) as { id: string; name: string }[]).map(({ id, name }) => ({ id, name }));
}

/** Replaces a page's assignees with `userIds` (already checked to be writing members). */
export function replaceAssignees(db: Db, input: { paperId: string; pageId: string; userIds: readonly string[]; by: string }): void {
  db.prepare('DELETE FROM page_assignees WHERE page_id = ?').run(input.pageId);
  const insert = db.prepare('INSERT INTO page_assignees (page_id, paper_id, user_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?)');
  const at = nowIso();
  for (const userId of input.userIds) insert.run(input.pageId, input.paperId, userId, input.by, at);
}
