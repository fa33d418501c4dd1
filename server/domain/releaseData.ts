/**
 * The releases a person froze, as personal data: their section of the "download my data"
 * document (the same releases are in the audit trail as 'paper.released'). Listed only in papers
 * the person still belongs to.
 */
import type { PersonalDataSection } from './personalData.js';

export const releasesSection: PersonalDataSection = {
  key: 'releasesFrozen',
  description: 'Releases you froze, in papers you belong to: their names, when, and the reason you gave for pages not yet approved.',
  collect: (db, { userId }) =>
    db
      .prepare(
        `SELECT r.paper_id AS paperId, r.id, r.name, r.created_at AS createdAt, r.not_approved AS notApproved, r.reason
         FROM releases r JOIN members m ON m.paper_id = r.paper_id AND m.user_id = ?
         WHERE r.created_by = ? ORDER BY r.created_at, r.id`,
      )
      .all(userId, userId),
};
