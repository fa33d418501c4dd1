/** The members table: who belongs to which paper, with which role. */
import type { Db } from './database.js';
import { nowIso } from './ids.js';
import type { MemberView } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';

interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: Role;
  added_at: string;
}

const toView = (row: MemberRow): MemberView => ({ userId: row.user_id, name: row.name, email: row.email, role: row.role, addedAt: row.added_at });

const SELECT = `SELECT m.user_id, u.name, u.email, m.role, m.added_at FROM members m JOIN users u ON u.id = m.user_id`;

/** Every member of a paper, editors first, then by name. */
export function listMembers(db: Db, paperId: string): MemberView[] {
  const rows = db
    .prepare(`${SELECT} WHERE m.paper_id = ? ORDER BY CASE m.role WHEN 'editor' THEN 0 WHEN 'author' THEN 1 WHEN 'reviewer' THEN 2 ELSE 3 END, u.name, u.id`)
    .all(paperId) as MemberRow[];
  return rows.map(toView);
}

/** One member of a paper, or null. */
export function memberOf(db: Db, paperId: string, userId: string): MemberView | null {
  const row = db.prepare(`${SELECT} WHERE m.paper_id = ? AND m.user_id = ?`).get(paperId, userId) as MemberRow | undefined;
  return row ? toView(row) : null;
}

/** Adds a user to a paper with a role. */
export function insertMember(db: Db, paperId: string, userId: string, role: Role, addedBy: string | null): void {
  db.prepare('INSERT INTO members (paper_id, user_id, role, added_at, added_by) VALUES (?, ?, ?, ?, ?)').run(paperId, userId, role, nowIso(), addedBy);
}

/** Changes a member's role. */
export function updateMemberRole(db: Db, paperId: string, userId: string, role: Role): void {
  db.prepare('UPDATE members SET role = ? WHERE paper_id = ? AND user_id = ?').run(role, paperId, userId);
}

/** Removes a member from a paper. */
export function deleteMember(db: Db, paperId: string, userId: string): void {
  db.prepare('DELETE FROM members WHERE paper_id = ? AND user_id = ?').run(paperId, userId);
}

/** How many editors a paper has. */
export function countEditors(db: Db, paperId: string): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM members WHERE paper_id = ? AND role = 'editor'").get(paperId) as { n: number }).n;
}
