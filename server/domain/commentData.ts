/**
 * A person's comments as personal data: their section of the "download my data" document. Each
 * comment they wrote (and has not deleted), with the thread and page it is on, and the threads they
 * resolved. Listed only in papers the person still belongs to.
 */
import type { PersonalDataSection } from './personalData.js';

export const commentsSection: PersonalDataSection = {
  key: 'comments',
  description: 'Comments you wrote (with the words they are on), and the threads you resolved, in papers you belong to.',
  collect: (db, { userId }) => ({
    written: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, t.id AS threadId, t.kind, t.quote, c.id AS commentId,
           c.body AS text, c.created_at AS createdAt, c.edited_at AS editedAt
         FROM comments c JOIN comment_threads t ON t.id = c.thread_id JOIN pages g ON g.id = t.page_id
         JOIN members m ON m.paper_id = g.paper_id AND m.user_id = ?
         WHERE c.author_id = ? AND c.deleted_at IS NULL ORDER BY c.created_at, c.rowid`,
      )
      .all(userId, userId),
    resolved: db
      .prepare(
        `SELECT g.paper_id AS paperId, g.id AS pageId, g.title AS pageTitle, t.id AS threadId, t.resolved_at AS resolvedAt
         FROM comment_threads t JOIN pages g ON g.id = t.page_id JOIN members m ON m.paper_id = g.paper_id AND m.user_id = ?
         WHERE t.resolved_by = ? ORDER BY t.resolved_at, t.id`,
      )
      .all(userId, userId),
  }),
};
