/**
 * A person's part in page history as personal data: their section of the "download my data"
 * document. Naming and restoring are also in the audit trail; being a revision's contributor is
 * only here. Listed only in papers the person still belongs to.
 */
import type { PersonalDataSection } from '../domain/personalData.js';

export const historySection: PersonalDataSection = {
  key: 'history',
  description: 'Versions of pages you named or restored, and the versions that list you among the people who changed the text, in papers you belong to.',
  collect: (db, { userId }) => ({
    namedOrRestored: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, r.number, r.kind, r.name, r.restored_from AS restoredFrom, r.created_at AS createdAt
         FROM page_revisions r JOIN pages g ON g.id = r.page_id JOIN members m ON m.paper_id = g.paper_id AND m.user_id = ?
         WHERE r.created_by = ? ORDER BY r.created_at, r.id`,
      )
      .all(userId, userId),
    contributedTo: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, r.number, r.created_at AS createdAt
         FROM page_revisions r JOIN pages g ON g.id = r.page_id JOIN members m ON m.paper_id = g.paper_id AND m.user_id = ?
         WHERE EXISTS (SELECT 1 FROM json_each(r.contributors) WHERE value = ?) ORDER BY r.created_at, r.id`,
      )
      .all(userId, userId),
  }),
};
