/**
 * Membership rules: adding people by email, changing roles, removing them. A paper always keeps
 * at least one editor, so someone can always manage it. Each change writes its audit entry in
 * the same transaction.
 */
import type { Db } from '../store/database.js';
import type { MemberView, PersonRef } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';
import { conflict, notFound } from '../errors.js';
import { countEditors, deleteMember, insertMember, memberOf, updateMemberRole } from '../store/members.js';
import { userByEmail } from '../store/users.js';
import { recordAudit } from './audit.js';

export const NO_ACCOUNT = 'No Quire account uses that email. Ask them to sign up first, then add them, or send them an invitation link.';
export const LAST_EDITOR = 'A paper needs at least one editor. Make someone else an editor first.';
export const NOT_A_MEMBER = 'That person is not a member of this paper.';

/** Adds the account with this email to a paper with a role. */
export function addMember(db: Db, paperId: string, input: { email: string; role: Role; actor: PersonRef }): MemberView {
  return db.transaction(() => {
    const user = userByEmail(db, input.email);
    if (!user) throw notFound(NO_ACCOUNT);
    if (memberOf(db, paperId, user.id)) throw conflict(`${user.name} is already a member of this paper.`);
    insertMember(db, paperId, user.id, input.role, input.actor.id);
    recordAudit(db, { paperId, actor: input.actor, action: 'member.added', target: user.id, detail: { name: user.name, email: user.email, role: input.role, via: 'email' } });
    return memberOf(db, paperId, user.id)!;
  }).immediate();
}

/** Changes a member's role; the last editor cannot be demoted. */
export function changeRole(db: Db, paperId: string, userId: string, role: Role, actor: PersonRef): MemberView {
  return db.transaction(() => {
    const member = memberOf(db, paperId, userId);
    if (!member) throw notFound(NOT_A_MEMBER);
    if (member.role === role) return member;
    if (member.role === 'editor' && countEditors(db, paperId) <= 1) throw conflict(LAST_EDITOR);
    updateMemberRole(db, paperId, userId, role);
    recordAudit(db, { paperId, actor, action: 'member.role_changed', target: userId, detail: { name: member.name, from: member.role, to: role } });
    return memberOf(db, paperId, userId)!;
  }).immediate();
}

/** Removes a member; the last editor cannot be removed. */
export function removeMember(db: Db, paperId: string, userId: string, actor: PersonRef): void {
  db.transaction(() => {
    const member = memberOf(db, paperId, userId);
    if (!member) throw notFound(NOT_A_MEMBER);
    if (member.role === 'editor' && countEditors(db, paperId) <= 1) throw conflict(LAST_EDITOR);
    deleteMember(db, paperId, userId);
    recordAudit(db, { paperId, actor, action: 'member.removed', target: userId, detail: { name: member.name, email: member.email, role: member.role } });
  }).immediate();
}
