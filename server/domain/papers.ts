/** Paper rules: creating one makes its creator the first editor; changing its details and settings is recorded. */
import type { Db } from '../store/database.js';
import type { PaperView, PersonRef } from '../../shared/api.js';
import { notFound } from '../errors.js';
import { insertPaper, paperForUser, updatePaper, type PaperChanges } from '../store/papers.js';
import { insertMember } from '../store/members.js';
import { recordAudit } from './audit.js';

/** Creates a paper with `actor` as its editor, and returns it as they see it. */
export function createPaper(db: Db, actor: PersonRef, input: { title: string; subtitle: string; description: string }): PaperView {
  return db.transaction(() => {
    const paperId = insertPaper(db, { ...input, createdBy: actor.id });
    insertMember(db, paperId, actor.id, 'editor', actor.id);
    recordAudit(db, { paperId, actor, action: 'paper.created', target: paperId, detail: { title: input.title } });
    return paperForUser(db, paperId, actor.id)!;
  })();
}

/** Changes a paper's details and settings, recording what changed; returns it as `actor` sees it. */
export function changePaper(db: Db, paperId: string, actor: PersonRef, changes: PaperChanges): PaperView {
  return db.transaction(() => {
    const before = paperForUser(db, paperId, actor.id);
    if (!before) throw notFound();
    updatePaper(db, paperId, changes);
    const after = paperForUser(db, paperId, actor.id)!;
    const changed = (['title', 'subtitle', 'description', 'readersMayExport'] as const).filter((key) => before[key] !== after[key]);
    if (changed.length) recordAudit(db, { paperId, actor, action: 'paper.updated', target: paperId, detail: Object.fromEntries(changed.map((key) => [key, { from: before[key], to: after[key] }])) });
    return after;
  }).immediate();
}
