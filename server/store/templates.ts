/** The templates and template_pages tables: saved paper skeletons (the built-in one is in code). */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import type { PersonRef } from '../../shared/api.js';
import type { DocJSON } from '../../shared/schema.js';
import type { TemplatePage } from '../../shared/templates.js';

/** A stored template without its pages. */
export interface TemplateRecord {
  id: string;
  name: string;
  createdBy: PersonRef | null;
  createdAt: string;
  pageCount: number;
}

interface TemplateRow {
  id: string;
  name: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  page_count: number;
}

const toRecord = (row: TemplateRow): TemplateRecord => ({
  id: row.id,
  name: row.name,
  // A creator whose account row is gone still shows as someone.
  createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name ?? 'A former member' } : null,
  createdAt: row.created_at,
  pageCount: row.page_count,
});

const SELECT = `SELECT t.id, t.name, t.created_by, u.name AS created_by_name, t.created_at,
    (SELECT COUNT(*) FROM template_pages tp WHERE tp.template_id = t.id) AS page_count
  FROM templates t LEFT JOIN users u ON u.id = t.created_by`;

/** Every stored template, by name. */
export function templateRecords(db: Db): TemplateRecord[] {
  return (db.prepare(`${SELECT} ORDER BY t.name COLLATE NOCASE, t.created_at, t.id`).all() as TemplateRow[]).map(toRecord);
}

/** One stored template, or null. */
export function templateRecord(db: Db, id: string): TemplateRecord | null {
  const row = db.prepare(`${SELECT} WHERE t.id = ?`).get(id) as TemplateRow | undefined;
  return row ? toRecord(row) : null;
}

/** A stored template's pages in reading order. */
export function templatePageRows(db: Db, id: string): TemplatePage[] {
  const rows = db.prepare('SELECT depth, title, body FROM template_pages WHERE template_id = ? ORDER BY position').all(id) as { depth: number; title: string; body: string }[];
  return rows.map((row) => ({ depth: row.depth, title: row.title, doc: JSON.parse(row.body) as DocJSON }));
}

/** Inserts a template with its pages (bodies already serialised) and returns its id. Call inside a transaction. */
export function insertTemplate(db: Db, input: { name: string; createdBy: string; sourcePaperId: string; pages: { depth: number; title: string; body: string }[] }): string {
  const id = newId();
  const now = nowIso();
  db.prepare('INSERT INTO templates (id, name, created_by, source_paper_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, input.name, input.createdBy, input.sourcePaperId, now, now);
  const insertPage = db.prepare('INSERT INTO template_pages (template_id, position, depth, title, body) VALUES (?, ?, ?, ?, ?)');
  input.pages.forEach((page, position) => insertPage.run(id, position, page.depth, page.title, page.body));
  return id;
}

/** Replaces a stored template's pages (bodies already serialised). Call inside a transaction. */
export function replaceTemplatePages(db: Db, id: string, sourcePaperId: string, pages: { depth: number; title: string; body: string }[]): void {
  db.prepare('DELETE FROM template_pages WHERE template_id = ?').run(id);
  const insertPage = db.prepare('INSERT INTO template_pages (template_id, position, depth, title, body) VALUES (?, ?, ?, ?, ?)');
  pages.forEach((page, position) => insertPage.run(id, position, page.depth, page.title, page.body));
  db.prepare('UPDATE templates SET source_paper_id = ?, updated_at = ? WHERE id = ?').run(sourcePaperId, nowIso(), id);
}

/** Renames a stored template. */
export function renameTemplateRow(db: Db, id: string, name: string): void {
  db.prepare('UPDATE templates SET name = ?, updated_at = ? WHERE id = ?').run(name, nowIso(), id);
}

/** Deletes a stored template and its pages. */
export function deleteTemplateRow(db: Db, id: string): void {
  db.prepare('DELETE FROM templates WHERE id = ?').run(id);
}
