/**
 * A person's chapter assignments as personal data: their section of the "download my data"
 * document. The pages they are assigned to, and the assignments they made as an editor, in papers
 * they still belong to (removing a member removes their assignments with the membership).
 */
import type { PersonalDataSection } from './personalData.js';

export const assignmentsSection: PersonalDataSection = {
  key: 'assignments',
  description: 'Pages you are assigned to, and the assignments you made, in papers you belong to.',
  collect: (db, { userId }) => ({
    assignedToMe: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, a.assigned_at AS assignedAt
         FROM page_assignees a JOIN pages g ON g.id = a.page_id
         WHERE a.user_id = ? ORDER BY a.assigned_at, g.id`,
      )
      .all(userId),
    assignedByMe: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, u.name AS assignee, a.assigned_at AS assignedAt
         FROM page_assignees a JOIN pages g ON g.id = a.page_id JOIN users u ON u.id = a.user_id
         JOIN members m ON m.paper_id = a.paper_id AND m.user_id = ?
         WHERE a.assigned_by = ? ORDER BY a.assigned_at, g.id, u.name`,
      )
      .all(userId, userId),
  }),
};
