/**
 * Paper rules: creating one (blank, or from a template) makes its creator the first editor;
 * changing its details, settings and cover is recorded.
 */
import type { Db } from '../store/database.js';
import type { PaperView, PersonRef } from '../../shared/api.js';
import { conflict, notFound } from '../errors.js';
import { insertPaper, paperForUser, updatePaper, type PaperChanges } from '../store/papers.js';
import { insertMember } from '../store/members.js';
import { insertPage } from '../store/pages.js';
import { storeInitialState } from '../store/pageBodies.js';
import { initialPageState } from '../collab/initialState.js';
import { planTemplatePages } from '../../shared/templates.js';
import { recordAudit } from './audit.js';
import { templateContent } from './templates.js';

/** Every field PATCH /papers/:paperId may change, in the order the audit entry lists them. */
const CHANGEABLE = ['title', 'subtitle', 'description', 'readersMayExport', 'organisation', 'coverDate', 'editedBy', 'summary', 'acknowledgements'] as const;

/** The pages a template makes: where each goes and its first Yjs state, made before the transaction opens. */
function templatePlan(db: Db, templateId: string) {
  const template = templateContent(db, templateId);
  const plan = planTemplatePages(template.pages);
  const pages = template.pages.map((page, i) => {
    let state: Uint8Array;
    try {
      state = initialPageState(page.doc);
    } catch {
      // A template saved under an older schema: refuse rather than drop text silently.
      throw conflict(`The template "${template.name}" has a page ("${page.title}") this version of Quire cannot read. Choose another template.`);
    }
    return { ...plan[i], title: page.title, state };
  });
  return { id: template.id, name: template.name, pages };
}

/**
 * Creates a paper with `actor` as its editor and returns it as they see it. With a template, its
 * pages and their first text are made in the same transaction: if anything fails, nothing is created.
 */
export function createPaper(db: Db, actor: PersonRef, input: { title: string; subtitle: string; description: string; templateId?: string | null }): PaperView {
  const template = input.templateId ? templatePlan(db, input.templateId) : null;
  return db.transaction(() => {
    const paperId = insertPaper(db, { title: input.title, subtitle: input.subtitle, description: input.description, createdBy: actor.id });
    insertMember(db, paperId, actor.id, 'editor', actor.id);
    if (template) {
      const ids: string[] = [];
      for (const page of template.pages) {
        const parentId = page.parentIndex === null ? null : ids[page.parentIndex];
        const id = insertPage(db, { paperId, parentId, position: page.position, title: page.title, createdBy: actor.id });
        storeInitialState(db, id, page.state);
        ids.push(id);
      }
    }
    const detail = template ? { title: input.title, template: { id: template.id, name: template.name, pages: template.pages.length } } : { title: input.title };
    recordAudit(db, { paperId, actor, action: 'paper.created', target: paperId, detail });
    return paperForUser(db, paperId, actor.id)!;
  })();
}

/** Changes a paper's details, settings and cover, recording what changed; returns it as `actor` sees it. */
export function changePaper(db: Db, paperId: string, actor: PersonRef, changes: PaperChanges): PaperView {
  return db.transaction(() => {
    const before = paperForUser(db, paperId, actor.id);
    if (!before) throw notFound();
    updatePaper(db, paperId, changes);
    const after = paperForUser(db, paperId, actor.id)!;
    const changed = CHANGEABLE.filter((key) => before[key] !== after[key]);
    if (changed.length) recordAudit(db, { paperId, actor, action: 'paper.updated', target: paperId, detail: Object.fromEntries(changed.map((key) => [key, { from: before[key], to: after[key] }])) });
    return after;
  }).immediate();
}
