/**
 * The releases and release_pages tables (migrations/012_releases.sql): a release's row, and one
 * row per page it froze with the page's title, place in the tree, status and pinned revision.
 * Rules (what is frozen, who may, the audit entry) are in domain/releases.ts.
 */
import type { PageStatus } from '../../shared/api.js';
import type { ReleaseView } from '../../shared/releases.js';
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';

interface ReleaseRow {
  id: string;
  paper_id: string;
  name: string;
  created_by: string | null;
  created_by_name: string;
  created_at: string;
  not_approved: number;
  reason: string | null;
  pages: number;
}

/** One page as a release stored it. */
export interface FrozenPage {
  pageId: string;
  parentId: string | null;
  position: number;
  title: string;
  status: PageStatus;
  revisionId: number;
}

// The releaser's current name (an account deleted since shows as its anonymised name); the copy
// taken at the time, like the audit trail's, only if the users row is gone.
const SELECT = `SELECT r.id, r.paper_id, r.name, r.created_by, COALESCE(u.name, r.created_by_name) AS created_by_name, r.created_at, r.not_approved, r.reason,
    (SELECT COUNT(*) FROM release_pages rp WHERE rp.release_id = r.id) AS pages
  FROM releases r LEFT JOIN users u ON u.id = r.created_by`;

const toView = (row: ReleaseRow): ReleaseView => ({
  id: row.id,
  paperId: row.paper_id,
  name: row.name,
  createdBy: { id: row.created_by ?? '', name: row.created_by_name },
  createdAt: row.created_at,
  pages: row.pages,
  notApproved: row.not_approved,
  reason: row.reason,
});

/** Stores a release and its pages (call inside the caller's transaction); returns its id. */
export function insertRelease(
  db: Db,
  input: { paperId: string; name: string; actor: { id: string; name: string }; reason: string | null; notApproved: number; pages: readonly FrozenPage[] },
): string {
  const id = newId();
  db.prepare('INSERT INTO releases (id, paper_id, name, created_by, created_by_name, created_at, not_approved, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    id,
    input.paperId,
    input.name,
    input.actor.id,
    input.actor.name,
    nowIso(),
    input.notApproved,
    input.reason,
  );
  const insertPage = db.prepare('INSERT INTO release_pages (release_id, page_id, parent_id, position, title, status, revision_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const page of input.pages) insertPage.run(id, page.pageId, page.parentId, page.position, page.title, page.status, page.revisionId);
  return id;
}

/** Every release of a paper, newest first. */
export function releaseViews(db: Db, paperId: string): ReleaseView[] {
  return (db.prepare(`${SELECT} WHERE r.paper_id = ? ORDER BY r.created_at DESC, r.rowid DESC`).all(paperId) as ReleaseRow[]).map(toView);
}

/** One release, or null; with `paperId`, only if it belongs to that paper. */
export function releaseView(db: Db, releaseId: string, paperId?: string): ReleaseView | null {
  const row = db.prepare(`${SELECT} WHERE r.id = ?`).get(releaseId) as ReleaseRow | undefined;
  if (!row || (paperId !== undefined && row.paper_id !== paperId)) return null;
  return toView(row);
}

/** The pages a release froze (in no particular order: shared/tree.ts orders them). */
export function frozenPages(db: Db, releaseId: string): FrozenPage[] {
  return db
    .prepare('SELECT page_id AS pageId, parent_id AS parentId, position, title, status, revision_id AS revisionId FROM release_pages WHERE release_id = ?')
    .all(releaseId) as FrozenPage[];
}
