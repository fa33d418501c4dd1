/**
 * The audit trail: one append-only row per significant action. Papers' editors read their
 * paper's rows; account events (sign-in, failed sign-in) have no paper. Names are copied at the
 * time of the action so the trail still reads correctly after an account is deleted.
 */
import type { Db } from '../store/database.js';
import { nowIso } from '../store/ids.js';

/** Every action the trail records, named `resource.verb`. */
export type AuditAction =
  | 'account.signin'
  | 'account.signin_failed'
  | 'account.signup'
  | 'account.signout'
  | 'account.password_changed'
  | 'account.locked'
  | 'account.exported'
  | 'account.deleted'
  | 'paper.created'
  | 'paper.updated'
  | 'member.added'
  | 'member.role_changed'
  | 'member.removed'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'invitation.accepted'
  | 'page.created'
  | 'page.renamed'
  | 'page.moved'
  | 'page.deleted'
  | 'page.restored'
  | 'page.status_changed'
  | 'page.revision_named'
  | 'page.revision_restored'
  | 'page.reopen_requested'
  | 'label.renamed'
  | 'label.merged'
  | 'label.deleted'
  | 'paper.exported'
  | 'paper.released'
  | 'comment.deleted'
  | 'comment.resolved'
  | 'comment.reopened'
  | 'confidentiality.acknowledged'
  | 'template.created'
  | 'template.renamed'
  | 'template.updated'
  | 'template.deleted'
  | 'page.assigned'
  | 'file.uploaded'
  | 'file.deleted'
  | 'pages.imported';

export interface AuditEntry {
  paperId?: string | null;
  actor: { id: string; name: string } | null;
  action: AuditAction;
  /** What was acted on: a page id, a user id, an invitation id, an email. */
  target?: string | null;
  /** Small structured facts: old and new role, titles, positions. */
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends one entry to the audit trail. Call it inside the transaction of the change it records. */
export function recordAudit(db: Db, entry: AuditEntry): void {
  db.prepare('INSERT INTO audit_log (at, paper_id, actor_id, actor_name, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    nowIso(),
    entry.paperId ?? null,
    entry.actor?.id ?? null,
    entry.actor?.name ?? 'Anonymous',
    entry.action,
    entry.target ?? null,
    JSON.stringify(entry.detail ?? {}),
    entry.ip ?? null,
  );
}
