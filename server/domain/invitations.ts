/**
 * Invitation links: an editor creates one with a role and an expiry (and optionally a most-uses
 * count), shares it, and revokes it when it is no longer wanted. Anyone holding a link may see
 * which paper it opens and join it with that role once signed in; the link keeps working for
 * others until it expires, is revoked or is used up, so one link serves a whole masterclass.
 * The token is random (192 bits) and only its SHA-256 is stored. Each change writes its audit
 * entry in the same transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/database.js';
import type { PersonRef } from '../../shared/api.js';
import { limits } from '../../shared/limits.js';
import { invitationPath, type AcceptedInvitation, type CreatedInvitation, type InvitationPreview, type InvitationView } from '../../shared/invitations.js';
import type { Role } from '../../shared/roles.js';
import { conflict, HttpError, notFound } from '../errors.js';
import {
  countInvitationUse,
  insertInvitation,
  invitationByTokenHash,
  invitationOf,
  openInvitations,
  revokeInvitationRow,
  toInvitationView,
  type InvitationRow,
} from '../store/invitations.js';
import { insertMember, memberOf } from '../store/members.js';
import { paperTitle } from '../store/papers.js';
import { recordAudit } from './audit.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ASK_AGAIN = "Ask the paper's editor for a new one.";
export const INVALID_LINK = `This invitation link is not valid. Check that you copied all of it, or ask the paper's editor for a new one.`;
export const REVOKED_LINK = `This invitation link was withdrawn by the paper's editor. ${ASK_AGAIN}`;
export const USED_UP_LINK = `This invitation link has already been used by as many people as it allows. ${ASK_AGAIN}`;

const gone = (message: string) => new HttpError(410, 'gone', message);
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const longDate = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Creates an invitation link to a paper; the token is returned this once and never stored. */
export function createInvitation(db: Db, paperId: string, actor: PersonRef, input: { role: Role; expiresInDays: number; maxUses: number | null }): CreatedInvitation {
  const token = randomBytes(24).toString('base64url');
  return db.transaction(() => {
    if (openInvitations(db, paperId).length >= limits.openInvitationsPerPaper) {
      throw conflict(`This paper already has ${limits.openInvitationsPerPaper} open invitation links. Revoke some before creating another.`);
    }
    const expiresAt = new Date(Date.now() + input.expiresInDays * DAY_MS).toISOString();
    const id = insertInvitation(db, { paperId, tokenHash: hashToken(token), role: input.role, createdBy: actor.id, expiresAt, maxUses: input.maxUses });
    recordAudit(db, { paperId, actor, action: 'invitation.created', target: id, detail: { role: input.role, expiresAt, maxUses: input.maxUses } });
    return { invitation: toInvitationView(invitationOf(db, paperId, id)!), token, path: invitationPath(token) };
  }).immediate();
}

/** A paper's invitation links that can still be used, newest first. */
export function listOpenInvitations(db: Db, paperId: string): InvitationView[] {
  return openInvitations(db, paperId).map(toInvitationView);
}

/** Withdraws an invitation link, so nobody else can join with it; 409 if it was already withdrawn. */
export function revokeInvitation(db: Db, paperId: string, invitationId: string, actor: PersonRef): InvitationView {
  return db.transaction(() => {
    const row = invitationOf(db, paperId, invitationId);
    if (!row) throw notFound('That invitation was not found in this paper.');
    if (row.revoked_at) throw conflict('That invitation link was already withdrawn.');
    revokeInvitationRow(db, invitationId, actor.id);
    recordAudit(db, { paperId, actor, action: 'invitation.revoked', target: invitationId, detail: { role: row.role, useCount: row.use_count } });
    return toInvitationView(invitationOf(db, paperId, invitationId)!);
  }).immediate();
}

/** The invitation a token opens if it can still be used; otherwise a 404 or 410 saying why not. */
function usableInvitation(db: Db, token: string): InvitationRow {
  const row = invitationByTokenHash(db, hashToken(token));
  if (!row) throw notFound(INVALID_LINK);
  if (row.revoked_at) throw gone(REVOKED_LINK);
  if (Date.parse(row.expires_at) <= Date.now()) throw gone(`This invitation link expired on ${longDate(row.expires_at)}. ${ASK_AGAIN}`);
  if (row.max_uses !== null && row.use_count >= row.max_uses) throw gone(USED_UP_LINK);
  return row;
}

/** What a valid link opens (paper title, role, who invited, expiry), for anyone holding it. */
export function previewInvitation(db: Db, token: string): InvitationPreview {
  const row = usableInvitation(db, token);
  return { paperTitle: paperTitle(db, row.paper_id) ?? '', role: row.role, invitedBy: row.created_by_name ?? 'A former member', expiresAt: row.expires_at };
}

/**
 * Joins the signed-in person to the link's paper with its role. Someone already a member keeps
 * the role they have (the link neither promotes nor demotes them) and no use is counted.
 */
export function acceptInvitation(db: Db, token: string, actor: PersonRef): AcceptedInvitation {
  return db.transaction(() => {
    const row = usableInvitation(db, token);
    const existing = memberOf(db, row.paper_id, actor.id);
    if (existing) return { paperId: row.paper_id, role: existing.role, alreadyMember: true };
    insertMember(db, row.paper_id, actor.id, row.role, row.created_by);
    countInvitationUse(db, row.id);
    const detail = { role: row.role, invitedBy: row.created_by_name, useCount: row.use_count + 1, maxUses: row.max_uses };
    recordAudit(db, { paperId: row.paper_id, actor, action: 'invitation.accepted', target: row.id, detail });
    const member = memberOf(db, row.paper_id, actor.id)!;
    recordAudit(db, { paperId: row.paper_id, actor, action: 'member.added', target: actor.id, detail: { name: member.name, email: member.email, role: row.role, via: 'invitation', invitationId: row.id } });
    return { paperId: row.paper_id, role: row.role, alreadyMember: false };
  }).immediate();
}
