/**
 * Who may reach what. Every route and socket asks here; a non-member is told "not found", never
 * "forbidden", so the existence of a paper or page does not leak.
 */
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { Role } from '../../shared/roles.js';
import type { PaperPermissionSettings } from '../../shared/permissions.js';
import type { PageStatus } from '../../shared/api.js';
import { mayWriteText } from '../../shared/pageStatus.js';

// The rule is shared with the client, which shows an approved page read-only to authors.
export { mayWriteText };

/** The user's role in a paper, or null if they are not a member. */
export function paperRole(db: Db, paperId: string, userId: string): Role | null {
  const row = db.prepare('SELECT role FROM members WHERE paper_id = ? AND user_id = ?').get(paperId, userId) as { role: Role } | undefined;
  return row?.role ?? null;
}

/** The user's role in a paper and the paper's settings the role matrix looks at, or null if they are not a member. */
export function memberAccess(db: Db, paperId: string, userId: string): { role: Role; settings: PaperPermissionSettings } | null {
  const row = db
    .prepare('SELECT m.role, p.readers_may_export FROM members m JOIN papers p ON p.id = m.paper_id WHERE m.paper_id = ? AND m.user_id = ?')
    .get(paperId, userId) as { role: Role; readers_may_export: number } | undefined;
  return row ? { role: row.role, settings: { readersMayExport: row.readers_may_export === 1 } } : null;
}

/** The paper and the user's role for a page (live or in the trash), or null if unknown or not a member. */
export function pageAccess(db: Db, pageId: string, userId: string): { paperId: string; role: Role; deleted: boolean; mayWrite: boolean } | null {
  const row = db
    .prepare(
      `SELECT p.paper_id, p.deleted_at, p.status, m.role FROM pages p
       JOIN members m ON m.paper_id = p.paper_id AND m.user_id = ? WHERE p.id = ?`,
    )
    .get(userId, pageId) as { paper_id: string; deleted_at: string | null; status: PageStatus; role: Role } | undefined;
  return row ? { paperId: row.paper_id, role: row.role, deleted: row.deleted_at !== null, mayWrite: mayWriteText(row.role, row.status) } : null;
}

/**
 * Whether a request's Origin may act on this server: absent (not a browser), the server's own
 * origin (matched against the Host header), or one listed in QUIRE_ALLOWED_ORIGINS.
 */
export function originAllowed(config: Config, origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  if (config.allowedOrigins.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return !!host && url.host === host && (url.protocol === 'http:' || url.protocol === 'https:');
  } catch {
    return false;
  }
}
