/**
 * A person's uploads as personal data: their section of the "download my data" document. Each
 * file they uploaded to a paper they still belong to, with its name, size, type and page; the
 * bytes themselves stay in the paper (download them from the page).
 */
import type { PersonalDataSection } from './personalData.js';

export const filesSection: PersonalDataSection = {
  key: 'filesUploaded',
  description: 'The pictures and attachments you uploaded to papers you belong to: name, size, type, page and dates (the files themselves are downloaded from their page).',
  collect: (db, { userId }) =>
    db
      .prepare(
        `SELECT f.paper_id AS paperId, f.page_id AS pageId, g.title AS pageTitle, f.name, f.size, f.content_type AS contentType,
                f.purpose, f.uploaded_at AS uploadedAt, f.deleted_at AS removedAt
         FROM files f JOIN members m ON m.paper_id = f.paper_id AND m.user_id = ?
         LEFT JOIN pages g ON g.id = f.page_id
         WHERE f.uploaded_by = ? ORDER BY f.uploaded_at, f.id`,
      )
      .all(userId, userId),
};
