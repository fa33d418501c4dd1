/**
 * The labels and page_labels tables: each paper's labels (name and its case-free key) and which
 * pages carry them. The rules (normalising, limits, merge) live in domain/labels.ts.
 */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import type { LabelView } from '../../shared/labels.js';

export interface LabelRow {
  id: string;
  paperId: string;
  name: string;
  key: string;
}

const COLUMNS = 'id, paper_id AS paperId, name, name_key AS key';

/** Every label of a paper with how many live pages carry it, sorted by name. */
export function labelViews(db: Db, paperId: string): LabelView[] {
  return db
    .prepare(
      `SELECT l.id, l.name, COUNT(p.id) AS pages FROM labels l
       LEFT JOIN page_labels pl ON pl.label_id = l.id
       LEFT JOIN pages p ON p.id = pl.page_id AND p.deleted_at IS NULL
       WHERE l.paper_id = ? GROUP BY l.id ORDER BY l.name_key, l.id`,
    )
    .all(paperId) as LabelView[];
}

/** One label of a paper by id, or null. */
export function labelById(db: Db, paperId: string, labelId: string): LabelRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM labels WHERE paper_id = ? AND id = ?`).get(paperId, labelId) as LabelRow | undefined) ?? null;
}

/** One label of a paper by its key, or null. */
export function labelByKey(db: Db, paperId: string, key: string): LabelRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM labels WHERE paper_id = ? AND name_key = ?`).get(paperId, key) as LabelRow | undefined) ?? null;
}

/** How many labels a paper has. */
export function countLabels(db: Db, paperId: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM labels WHERE paper_id = ?').get(paperId) as { n: number }).n;
}

/** Makes a label and returns it. */
export function insertLabel(db: Db, input: { paperId: string; name: string; key: string; createdBy: string }): LabelRow {
  const id = newId();
  db.prepare('INSERT INTO labels (id, paper_id, name, name_key, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, input.paperId, input.name, input.key, input.createdBy, nowIso());
  return { id, paperId: input.paperId, name: input.name, key: input.key };
}

/** Changes a label's name (and key). */
export function renameLabelRow(db: Db, labelId: string, name: string, key: string): void {
  db.prepare('UPDATE labels SET name = ?, name_key = ? WHERE id = ?').run(name, key, labelId);
}

/** Removes a label from every page and from the paper. */
export function deleteLabelRow(db: Db, labelId: string): void {
  db.prepare('DELETE FROM labels WHERE id = ?').run(labelId);
}

/** How many labels a page carries. */
export function countPageLabels(db: Db, pageId: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM page_labels WHERE page_id = ?').get(pageId) as { n: number }).n;
}

/** Whether a page carries a label. */
export function pageHasLabel(db: Db, pageId: string, labelId: string): boolean {
  return !!db.prepare('SELECT 1 FROM page_labels WHERE page_id = ? AND label_id = ?').get(pageId, labelId);
}

/** Puts a label on a page (nothing happens if it is already there). */
export function attachLabel(db: Db, pageId: string, labelId: string, addedBy: string): void {
  db.prepare('INSERT OR IGNORE INTO page_labels (page_id, label_id, added_by, added_at) VALUES (?, ?, ?, ?)').run(pageId, labelId, addedBy, nowIso());
}

/** Takes a label off a page; true if it was there. */
export function detachLabel(db: Db, pageId: string, labelId: string): boolean {
  return db.prepare('DELETE FROM page_labels WHERE page_id = ? AND label_id = ?').run(pageId, labelId).changes > 0;
}

/** How many pages (live or in the trash) carry a label. */
export function countLabelledPages(db: Db, labelId: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM page_labels WHERE label_id = ?').get(labelId) as { n: number }).n;
}

/** Gives every page carrying `fromId` the label `intoId` instead (a page that has both keeps one); returns how many pages had `fromId`. */
export function moveLabelPages(db: Db, fromId: string, intoId: string): number {
  const moved = countLabelledPages(db, fromId);
  db.prepare(
    `INSERT OR IGNORE INTO page_labels (page_id, label_id, added_by, added_at)
     SELECT page_id, ?, added_by, added_at FROM page_labels WHERE label_id = ?`,
  ).run(intoId, fromId);
  db.prepare('DELETE FROM page_labels WHERE label_id = ?').run(fromId);
  return moved;
}
