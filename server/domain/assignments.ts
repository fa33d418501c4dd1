/**
 * The rules of chapter assignment: an editor assigns a live page (chapter or section) to members
 * who may write it (editors and authors), replacing its list; anyone else named is refused with a
 * sentence saying who and why. Each change is audited ('page.assigned') in the same transaction.
 * Assigning is organising, so an approved page can be assigned too.
 */
import type { Db } from '../store/database.js';
import type { PageView, PersonRef } from '../../shared/api.js';
import { canWrite } from '../../shared/roles.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { pageView } from '../store/pages.js';
import { memberOf } from '../store/members.js';
import { replaceAssignees } from '../store/assignments.js';
import { recordAudit } from './audit.js';

/** Sets who a page is assigned to (the whole list) and returns the page. */
export function assignPage(db: Db, input: { paperId: string; pageId: string; userIds: readonly string[]; actor: PersonRef }): PageView {
  return db
    .transaction(() => {
      const page = pageView(db, input.paperId, input.pageId);
      if (!page) throw notFound('The page was not found in this paper.');
      if (page.deletedAt) throw conflict('This page is in the trash. Restore it before assigning it.');
      const people: PersonRef[] = [];
      for (const userId of input.userIds) {
        const member = memberOf(db, input.paperId, userId);
        if (!member) throw badRequest('Only members of this paper can be assigned a page; one of the people chosen is not a member.');
        if (!canWrite(member.role)) throw badRequest(`${member.name} is a ${member.role} of this paper and cannot write it; only editors and authors can be assigned a page.`);
        people.push({ id: member.userId, name: member.name });
      }
      const before = page.assignees.map((p) => p.id).sort();
      const after = people.map((p) => p.id).sort();
      if (before.join() !== after.join()) {
        replaceAssignees(db, { paperId: input.paperId, pageId: input.pageId, userIds: after, by: input.actor.id });
        recordAudit(db, {
          paperId: input.paperId,
          actor: input.actor,
          action: 'page.assigned',
          target: input.pageId,
          detail: { title: page.title, from: page.assignees.map((p) => p.name), to: people.map((p) => p.name).sort((a, b) => a.localeCompare(b)) },
        });
      }
      return pageView(db, input.paperId, input.pageId)!;
    })
    .immediate();
}
