/**
 * A person's labelling and status work as personal data: their section of the "download my
 * data" document. Who changed a status is also in the audit trail; who put a label on a page is
 * only here. Listed only in papers the person still belongs to.
 */
import type { PersonalDataSection } from './personalData.js';

export const labellingSection: PersonalDataSection = {
  key: 'labelling',
  description: 'Labels you put on pages, and pages whose current status you set or whose reopening you asked for, in papers you belong to.',
  collect: (db, { userId }) => ({
    labelsAdded: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, l.name AS label, pl.added_at AS addedAt
         FROM page_labels pl JOIN labels l ON l.id = pl.label_id JOIN pages g ON g.id = pl.page_id
         JOIN members m ON m.paper_id = g.paper_id AND m.user_id = ?
         WHERE pl.added_by = ? ORDER BY pl.added_at, g.id, l.id`,
      )
      .all(userId, userId),
    statusesSet: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, g.status, g.status_set_at AS setAt
         FROM pages g JOIN members m ON m.paper_id = g.paper_id AND m.user_id = ?
         WHERE g.status_set_by = ? ORDER BY g.status_set_at, g.id`,
      )
      .all(userId, userId),
    reopeningAsked: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, g.reopen_requested_at AS askedAt
         FROM pages g JOIN members m ON m.paper_id = g.paper_id AND m.user_id = ?
         WHERE g.reopen_requested_by = ? ORDER BY g.reopen_requested_at, g.id`,
      )
      .all(userId, userId),
  }),
};
