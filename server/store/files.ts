/**
 * The files table: one row per upload (or per picture an import brought in), naming its paper,
 * page, blob (SHA-256), name, detected type and uploader. The rules live in domain/files.ts.
 */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import { fileUrl, type FilePurpose, type FileView } from '../../shared/files.js';

/** A file row as stored, with its blob's SHA-256 (never sent to clients). */
export interface FileRow {
  id: string;
  paperId: string;
  pageId: string | null;
  sha256: string;
  name: string;
  size: number;
  contentType: string;
  purpose: FilePurpose;
  width: number | null;
  height: number | null;
  uploadedBy: string | null;
  uploadedByName: string | null;
  uploadedAt: string;
  deletedAt: string | null;
}

const SELECT = `SELECT f.id, f.paper_id AS paperId, f.page_id AS pageId, f.sha256, f.name, f.size,
  f.content_type AS contentType, f.purpose, f.width, f.height, f.uploaded_by AS uploadedBy,
  u.name AS uploadedByName, f.uploaded_at AS uploadedAt, f.deleted_at AS deletedAt
  FROM files f LEFT JOIN users u ON u.id = f.uploaded_by`;

/** Records an upload and returns its id. */
export function insertFile(
  db: Db,
  input: { paperId: string; pageId: string | null; sha256: string; name: string; size: number; contentType: string; purpose: FilePurpose; width?: number | null; height?: number | null; uploadedBy: string },
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO files (id, paper_id, page_id, sha256, name, size, content_type, purpose, width, height, uploaded_by, uploaded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.paperId, input.pageId, input.sha256, input.name, input.size, input.contentType, input.purpose, input.width ?? null, input.height ?? null, input.uploadedBy, nowIso());
  return id;
}

/** One file of a paper by id (deleted ones included), or null. */
export function fileById(db: Db, paperId: string, fileId: string): FileRow | null {
  return (db.prepare(`${SELECT} WHERE f.paper_id = ? AND f.id = ?`).get(paperId, fileId) as FileRow | undefined) ?? null;
}

/** A page's files that are not deleted, newest first (optionally only one purpose). */
export function pageFiles(db: Db, pageId: string, purpose?: FilePurpose): FileRow[] {
  const rows = db.prepare(`${SELECT} WHERE f.page_id = ? AND f.deleted_at IS NULL ORDER BY f.uploaded_at DESC, f.id`).all(pageId) as FileRow[];
  return purpose ? rows.filter((row) => row.purpose === purpose) : rows;
}

/** Gives files that waited without a page (an import's pictures) their page. */
export function attachFilesToPage(db: Db, fileIds: readonly string[], pageId: string): void {
  const stmt = db.prepare('UPDATE files SET page_id = ? WHERE id = ? AND page_id IS NULL');
  for (const id of fileIds) stmt.run(pageId, id);
}

/** Marks a file deleted (its blob is kept: a page's history may still show it). */
export function markFileDeleted(db: Db, fileId: string, by: string): void {
  db.prepare('UPDATE files SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL').run(nowIso(), by, fileId);
}

/** A row as a member sees it. */
export function fileView(row: FileRow): FileView {
  return {
    id: row.id,
    paperId: row.paperId,
    pageId: row.pageId ?? '',
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    purpose: row.purpose,
    width: row.width,
    height: row.height,
    uploadedBy: row.uploadedBy && row.uploadedByName ? { id: row.uploadedBy, name: row.uploadedByName } : null,
    uploadedAt: row.uploadedAt,
    url: fileUrl(row.paperId, row.id),
  };
}
