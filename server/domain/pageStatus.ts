/**
 * Changing a page's status and asking to reopen an approved page. Who may make which change is
 * shared/pageStatus.ts's rule; this module applies it inside one immediate transaction, records
 * who set the status and when, and writes the audit trail. The route emits the events, after
 * the commit: 'page:status_changed' makes the collab server re-check open editing connections
 * (an approved page is read-only for authors), and 'tree:changed' shows the status to everyone.
 */
import type { Db } from '../store/database.js';
import type { PageStatus, PageView, PersonRef } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';
import { statusChangeRefusal } from '../../shared/pageStatus.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { pageView, requestPageReopen, setPageStatus } from '../store/pages.js';
import type { StatusChange } from '../events.js';
import { recordAudit } from './audit.js';

/** A live page of the paper, or 404 (unknown) / 409 (in the trash). */
function livePage(db: Db, paperId: string, pageId: string, doing: string): PageView {
  const page = pageView(db, paperId, pageId);
  if (!page) throw notFound('The page was not found in this paper.');
  if (page.deletedAt) throw conflict(`This page is in the trash. Restore it before ${doing}.`);
  return page;
}

/**
 * Moves a page to a status if the member's role allows it (403 with the reason otherwise).
 * Returns the page and the change made (null if the page already had that status).
 */
export function changePageStatus(
  db: Db,
  input: { paperId: string; pageId: string; to: PageStatus; actor: PersonRef; role: Role },
): { page: PageView; change: StatusChange | null } {
  return db.transaction(() => {
    const page = livePage(db, input.paperId, input.pageId, 'changing its status');
    const refusal = statusChangeRefusal(input.role, page.status, input.to);
    if (refusal) throw forbidden(refusal);
    if (page.status === input.to) return { page, change: null };
    setPageStatus(db, input.pageId, input.to, input.actor.id);
    recordAudit(db, {
      paperId: input.paperId,
      actor: input.actor,
      action: 'page.status_changed',
      target: input.pageId,
      detail: { title: page.title, from: page.status, to: input.to, ...(page.reopenRequestedBy ? { reopenRequestedBy: page.reopenRequestedBy.name } : {}) },
    });
    const change: StatusChange = { paperId: input.paperId, pageId: input.pageId, actorId: input.actor.id, from: page.status, to: input.to };
    return { page: pageView(db, input.paperId, input.pageId)!, change };
  }).immediate();
}

/** Records that the actor asks an editor to reopen an approved page (409 if it is not approved). */
export function askToReopen(db: Db, input: { paperId: string; pageId: string; actor: PersonRef }): { page: PageView; change: StatusChange } {
  return db.transaction(() => {
    const page = livePage(db, input.paperId, input.pageId, 'asking to reopen it');
    if (page.status !== 'approved') throw conflict('Only an approved page can be reopened; this one can still be changed.');
    requestPageReopen(db, input.pageId, input.actor.id);
    recordAudit(db, { paperId: input.paperId, actor: input.actor, action: 'page.reopen_requested', target: input.pageId, detail: { title: page.title } });
    const change: StatusChange = { paperId: input.paperId, pageId: input.pageId, actorId: input.actor.id, from: 'approved', to: 'approved', reopenRequested: true };
    return { page: pageView(db, input.paperId, input.pageId)!, change };
  }).immediate();
}
