/** The invitations table: invitation links to a paper, each kept by the SHA-256 of its token. */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import type { InvitationView } from '../../shared/invitations.js';
import type { Role } from '../../shared/roles.js';

/** An invitation row as the rules need it. */
export interface InvitationRow {
  id: string;
  paper_id: string;
  role: Role;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  expires_at: string;
  max_uses: number | null;
  use_count: number;
  revoked_at: string | null;
}

const SELECT = `SELECT i.id, i.paper_id, i.role, i.created_by, u.name AS created_by_name, i.created_at, i.expires_at,
    i.max_uses, i.use_count, i.revoked_at
  FROM invitations i LEFT JOIN users u ON u.id = i.created_by`;

/** The view of an invitation row for the paper's editors. */
export function toInvitationView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    paperId: row.paper_id,
    role: row.role,
    createdBy: { id: row.created_by ?? '', name: row.created_by_name ?? 'A former member' },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxUses: row.max_uses,
    useCount: row.use_count,
    revokedAt: row.revoked_at,
  };
}

/** Stores a new invitation; returns its id. */
export function insertInvitation(db: Db, input: { paperId: string; tokenHash: string; role: Role; createdBy: string; expiresAt: string; maxUses: number | null }): string {
  const id = newId();
  db.prepare(
    'INSERT INTO invitations (id, paper_id, token_hash, role, created_by, created_at, expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, input.paperId, input.tokenHash, input.role, input.createdBy, nowIso(), input.expiresAt, input.maxUses);
  return id;
}

/** The invitation with this token hash, or null. */
export function invitationByTokenHash(db: Db, tokenHash: string): InvitationRow | null {
  return (db.prepare(`${SELECT} WHERE i.token_hash = ?`).get(tokenHash) as InvitationRow | undefined) ?? null;
}

/** One invitation of a paper, or null. */
export function invitationOf(db: Db, paperId: string, id: string): InvitationRow | null {
  return (db.prepare(`${SELECT} WHERE i.paper_id = ? AND i.id = ?`).get(paperId, id) as InvitationRow | undefined) ?? null;
}

/** A paper's invitations that can still be used (not revoked, not expired, not used up), newest first. */
export function openInvitations(db: Db, paperId: string, now = nowIso()): InvitationRow[] {
  return db
    .prepare(`${SELECT} WHERE i.paper_id = ? AND i.revoked_at IS NULL AND i.expires_at > ? AND (i.max_uses IS NULL OR i.use_count < i.max_uses) ORDER BY i.created_at DESC, i.id`)
    .all(paperId, now) as InvitationRow[];
}

/** Marks an invitation revoked. */
export function revokeInvitationRow(db: Db, id: string, revokedBy: string): void {
  db.prepare('UPDATE invitations SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL').run(nowIso(), revokedBy, id);
}

/** Counts one use of an invitation. */
export function countInvitationUse(db: Db, id: string): void {
  db.prepare('UPDATE invitations SET use_count = use_count + 1 WHERE id = ?').run(id);
}
