/** Paper rules: creating one makes its creator the first editor. */
import type { Db } from '../store/database.js';
import type { PaperView } from '../../shared/api.js';
import { insertPaper, paperForUser } from '../store/papers.js';
import { insertMember } from '../store/members.js';

/** Creates a paper with `userId` as its editor, and returns it as they see it. */
export function createPaper(db: Db, userId: string, input: { title: string; subtitle: string; description: string }): PaperView {
  return db.transaction(() => {
    const paperId = insertPaper(db, { ...input, createdBy: userId });
    insertMember(db, paperId, userId, 'editor', userId);
    return paperForUser(db, paperId, userId)!;
  })();
}
