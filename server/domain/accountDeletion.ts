/**
 * Deleting one's own account. The person's personal data goes (name, email, password, sessions,
 * memberships, failed sign-in counts); their words stay in the papers, shown as written by
 * "Former member", because the users row is anonymised rather than removed (pages, papers and
 * page updates keep pointing at it). The audit trail is append-only and keeps the entries as
 * written; views show the actor as "Former member" (store/audit.ts).
 */
import type { Db } from '../store/database.js';
import type { DeleteAccountBody } from '../../shared/api.js';
import { badRequest, conflict } from '../errors.js';
import { anonymiseUser, userById } from '../store/users.js';
import { verifyPassword } from './passwords.js';
import { recordAudit } from './audit.js';
import { clearFailedSignIns } from './lockout.js';
import { eraseNotificationData } from './notificationData.js';

export const WRONG_CONFIRMATION = 'That password is not right. Your account was not deleted.';

/** Lists titles as a sentence: "A", "A" and "B", "A", "B" and "C". */
const titleList = (titles: string[]) => {
  const quoted = titles.map((t) => `"${t}"`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
};

/**
 * Papers where this person is the only editor while others still belong, so deleting them would
 * leave those members without an editor. A paper they are alone in is not listed: nobody else
 * can reach it, and its words stay (attributed to "Former member").
 */
export function papersOnlyTheyEdit(db: Db, userId: string): { id: string; title: string }[] {
  return db
    .prepare(
      `SELECT p.id, p.title FROM members m JOIN papers p ON p.id = m.paper_id
       WHERE m.user_id = ? AND m.role = 'editor'
         AND (SELECT COUNT(*) FROM members e WHERE e.paper_id = m.paper_id AND e.role = 'editor') = 1
         AND (SELECT COUNT(*) FROM members o WHERE o.paper_id = m.paper_id) > 1
       ORDER BY p.title, p.id`,
    )
    .all(userId) as { id: string; title: string }[];
}

/**
 * Deletes a person's account after checking their password (400 if wrong); 409 naming the papers
 * if they are the last editor of a paper others belong to. Returns the ids of the papers they
 * left, so their open connections can be closed.
 */
export async function deleteAccount(db: Db, userId: string, body: DeleteAccountBody, { ip }: { ip: string | null }): Promise<{ paperIds: string[] }> {
  const user = userById(db, userId);
  if (!user || user.deleted_at || !(await verifyPassword(body.password, user.password_hash))) {
    throw badRequest(WRONG_CONFIRMATION, { password: WRONG_CONFIRMATION });
  }
  return db.transaction(() => {
    const blocking = papersOnlyTheyEdit(db, userId);
    if (blocking.length > 0) {
      throw conflict(
        `You are the only editor of ${titleList(blocking.map((p) => p.title))}. Make another member an editor of ${blocking.length === 1 ? 'it' : 'each'} first, then delete your account.`,
      );
    }
    const actor = { id: user.id, name: user.name };
    const paperIds = (db.prepare('SELECT paper_id FROM members WHERE user_id = ? ORDER BY paper_id').all(userId) as { paper_id: string }[]).map((r) => r.paper_id);
    for (const paperId of paperIds) recordAudit(db, { paperId, actor, action: 'member.removed', target: userId, detail: { reason: 'account_deleted' }, ip });
    recordAudit(db, { actor, action: 'account.deleted', target: userId, ip });
    db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    db.prepare('DELETE FROM members WHERE user_id = ?').run(userId);
    eraseNotificationData(db, userId);
    clearFailedSignIns(db, user.email);
    anonymiseUser(db, userId);
    return { paperIds };
  })();
}
