/** The papers table, always read together with the reader's role (a paper is only seen through membership). */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import type { PaperView } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';

interface PaperRow {
  id: string;
  title: string;
  subtitle: string;
  description: string;
  created_at: string;
  updated_at: string;
  readers_may_export: number;
  organisation: string;
  cover_date: string | null;
  edited_by: string;
  summary: string;
  acknowledgements: string;
  role: Role;
}

const toView = (row: PaperRow): PaperView => ({
  id: row.id,
  title: row.title,
  subtitle: row.subtitle,
  description: row.description,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  role: row.role,
  readersMayExport: row.readers_may_export === 1,
  organisation: row.organisation,
  coverDate: row.cover_date,
  editedBy: row.edited_by,
  summary: row.summary,
  acknowledgements: row.acknowledgements,
});

const SELECT = `SELECT p.id, p.title, p.subtitle, p.description, p.created_at, p.updated_at, p.readers_may_export,
    p.organisation, p.cover_date, p.edited_by, p.summary, p.acknowledgements, m.role
  FROM papers p JOIN members m ON m.paper_id = p.id AND m.user_id = ?`;

/** Inserts a paper row (no members: the caller adds the creator in the same transaction). */
export function insertPaper(db: Db, input: { title: string; subtitle: string; description: string; createdBy: string }): string {
  const id = newId();
  const now = nowIso();
  db.prepare('INSERT INTO papers (id, title, subtitle, description, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    input.title,
    input.subtitle,
    input.description,
    input.createdBy,
    now,
    now,
  );
  return id;
}

/** The paper as `userId` sees it, or null if unknown or they are not a member. */
export function paperForUser(db: Db, paperId: string, userId: string): PaperView | null {
  const row = db.prepare(`${SELECT} WHERE p.id = ?`).get(userId, paperId) as PaperRow | undefined;
  return row ? toView(row) : null;
}

/** Every paper `userId` is a member of, most recently changed first. */
export function papersForUser(db: Db, userId: string): PaperView[] {
  return (db.prepare(`${SELECT} ORDER BY p.updated_at DESC, p.id`).all(userId) as PaperRow[]).map(toView);
}

/** The changeable details, settings and cover of a paper. */
export interface PaperChanges {
  title?: string;
  subtitle?: string;
  description?: string;
  readersMayExport?: boolean;
  organisation?: string;
  /** null clears the cover date. */
  coverDate?: string | null;
  editedBy?: string;
  summary?: string;
  acknowledgements?: string;
}

/** Changes the given details of a paper and its updated_at. */
export function updatePaper(db: Db, paperId: string, changes: PaperChanges): void {
  db.prepare(
    `UPDATE papers SET title = COALESCE(@title, title), subtitle = COALESCE(@subtitle, subtitle),
       description = COALESCE(@description, description), readers_may_export = COALESCE(@readersMayExport, readers_may_export),
       organisation = COALESCE(@organisation, organisation), edited_by = COALESCE(@editedBy, edited_by),
       summary = COALESCE(@summary, summary), acknowledgements = COALESCE(@acknowledgements, acknowledgements),
       cover_date = CASE WHEN @setCoverDate = 1 THEN @coverDate ELSE cover_date END,
       updated_at = @now WHERE id = @id`,
  ).run({
    title: changes.title ?? null,
    subtitle: changes.subtitle ?? null,
    description: changes.description ?? null,
    readersMayExport: changes.readersMayExport === undefined ? null : changes.readersMayExport ? 1 : 0,
    organisation: changes.organisation ?? null,
    editedBy: changes.editedBy ?? null,
    summary: changes.summary ?? null,
    acknowledgements: changes.acknowledgements ?? null,
    setCoverDate: changes.coverDate === undefined ? 0 : 1,
    coverDate: changes.coverDate ?? null,
    now: nowIso(),
    id: paperId,
  });
}

/** A paper's settings the role matrix looks at, or null if there is no such paper. */
export function paperSettings(db: Db, paperId: string): { readersMayExport: boolean } | null {
  const row = db.prepare('SELECT readers_may_export FROM papers WHERE id = ?').get(paperId) as { readers_may_export: number } | undefined;
  return row ? { readersMayExport: row.readers_may_export === 1 } : null;
}

/** A paper's title, or null if there is no such paper. */
export function paperTitle(db: Db, paperId: string): string | null {
  const row = db.prepare('SELECT title FROM papers WHERE id = ?').get(paperId) as { title: string } | undefined;
  return row?.title ?? null;
}
