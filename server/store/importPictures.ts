/**
 * Pictures an import stored while its preview waited: files rows with no page yet. A preview lives
 * in memory, so after a restart (or when nobody came back) its rows would wait forever; they are
 * marked deleted once older than any preview can be.
 */
import type { Db } from './database.js';
import { nowIso } from './ids.js';

/** Marks deleted every picture still waiting for a page that was stored before `before` (ISO time); returns how many. */
export function releaseStaleImportPictures(db: Db, before: string): number {
  return db
    .prepare("UPDATE files SET deleted_at = ? WHERE page_id IS NULL AND deleted_at IS NULL AND purpose = 'image' AND uploaded_at < ?")
    .run(nowIso(), before).changes;
}
