/**
 * Template rules. Templates belong to the whole site: anyone signed in lists them and starts a
 * paper from one. An editor of a paper saves its structure as a new template (page titles,
 * nesting and the current text of every live page, read from the collab server so unsaved edits
 * in open rooms are included). Only the person who saved a template may rename or delete it, and
 * the built-in one cannot be changed at all. Saving copies a paper's text where every signed-in
 * person can read it, so saving, renaming and deleting are written to the audit trail.
 */
import type { Db } from '../store/database.js';
import type { CollabServer } from '../collab/server.js';
import type { PersonRef } from '../../shared/api.js';
import { EMPTY_DOC } from '../../shared/schema.js';
import { orderedTree } from '../../shared/tree.js';
import { BRIEFING_TEMPLATE_ID, BUILT_IN_UNCHANGEABLE, TEMPLATE_LIMITS, docPlainText, planTemplatePages, type TemplatePage, type TemplateSummary, type TemplateView } from '../../shared/templates.js';
import { conflict, forbidden, notFound, tooLarge } from '../errors.js';
import { deleteTemplateRow, insertTemplate, renameTemplateRow, replaceTemplatePages, templatePageRows, templateRecord, templateRecords, type TemplateRecord } from '../store/templates.js';
import { livePageViews } from '../store/pages.js';
import { paperTitle } from '../store/papers.js';
import { pageDocOfState } from '../history/pageText.js';
import { BRIEFING_TEMPLATE } from './briefingTemplate.js';
import { recordAudit } from './audit.js';

const NOT_FOUND = 'That template was not found. It may have been deleted; choose another from the list.';
const NOT_YOURS = 'Only the person who saved this template can change, rename or delete it.';

const builtInSummary = (): TemplateSummary => ({ id: BRIEFING_TEMPLATE.id, name: BRIEFING_TEMPLATE.name, builtIn: true, createdBy: null, createdAt: null, pageCount: BRIEFING_TEMPLATE.pages.length, mayChange: false });

const summaryOf = (record: TemplateRecord, userId: string): TemplateSummary => ({ ...record, builtIn: false, mayChange: record.createdBy?.id === userId });

/** Every template `userId` may start from: the built-in one first, then the saved ones by name. */
export function listTemplates(db: Db, userId: string): TemplateSummary[] {
  return [builtInSummary(), ...templateRecords(db).map((r) => summaryOf(r, userId))];
}

/** A template's name and pages, ready to make a paper from; 404 for an unknown id. */
export function templateContent(db: Db, id: string): { id: string; name: string; pages: TemplatePage[] } {
  if (id === BRIEFING_TEMPLATE_ID) return { id, name: BRIEFING_TEMPLATE.name, pages: [...BRIEFING_TEMPLATE.pages] };
  const record = templateRecord(db, id);
  if (!record) throw notFound(NOT_FOUND);
  return { id, name: record.name, pages: templatePageRows(db, id) };
}

/** One template with a preview of each page (number, title, the start of its text). */
export function templateView(db: Db, id: string, userId: string): TemplateView {
  const { pages } = templateContent(db, id);
  const summary = id === BRIEFING_TEMPLATE_ID ? builtInSummary() : summaryOf(templateRecord(db, id)!, userId);
  const plan = planTemplatePages(pages);
  return {
    ...summary,
    pages: pages.map((page, i) => ({ number: plan[i].number, depth: page.depth, title: page.title, text: docPlainText(page.doc).slice(0, TEMPLATE_LIMITS.previewChars) })),
  };
}

/** Saves the live page tree of a paper, with each page's current text, as a new template. */
export async function saveAsTemplate(db: Db, collab: CollabServer, paperId: string, actor: PersonRef, name: string): Promise<TemplateSummary> {
  const pages = await paperPages(db, collab, paperId);
  return db.transaction(() => {
    // The tree may have changed while the texts were read; the template is what was read.
    const id = insertTemplate(db, { name, createdBy: actor.id, sourcePaperId: paperId, pages });
    recordAudit(db, { paperId, actor, action: 'template.created', target: id, detail: { name, pages: pages.length, paperTitle: paperTitle(db, paperId) } });
    return summaryOf(templateRecord(db, id)!, actor.id);
  }).immediate();
}

/**
 * Replaces the pages of a template its creator saved with a paper's live page tree and text: how
 * a template is edited (make a paper from it, change the paper, update the template from it).
 */
export async function updateTemplateFromPaper(db: Db, collab: CollabServer, paperId: string, templateId: string, actor: PersonRef): Promise<TemplateSummary> {
  ownTemplate(db, templateId, actor);
  const pages = await paperPages(db, collab, paperId);
  return db.transaction(() => {
    const before = ownTemplate(db, templateId, actor);
    replaceTemplatePages(db, templateId, paperId, pages);
    recordAudit(db, { paperId, actor, action: 'template.updated', target: templateId, detail: { name: before.name, pagesBefore: before.pageCount, pages: pages.length, paperTitle: paperTitle(db, paperId) } });
    return summaryOf(templateRecord(db, templateId)!, actor.id);
  }).immediate();
}

/** A paper's live pages in reading order with their current text, within the template limits. */
async function paperPages(db: Db, collab: CollabServer, paperId: string): Promise<{ depth: number; title: string; body: string }[]> {
  const tree = orderedTree(livePageViews(db, paperId));
  if (tree.length === 0) throw conflict('This paper has no pages yet. Add chapters first, then save its structure as a template.');
  if (tree.length > TEMPLATE_LIMITS.pages) throw conflict(`A template may have at most ${TEMPLATE_LIMITS.pages} pages.`);
  const pages: { depth: number; title: string; body: string }[] = [];
  let bytes = 0;
  for (const { page, depth } of tree) {
    const doc = pageDocOfState(await collab.currentState(page.id)).toJSON() as unknown;
    const body = JSON.stringify(doc ?? EMPTY_DOC);
    bytes += Buffer.byteLength(body);
    if (bytes > TEMPLATE_LIMITS.textBytes) {
      throw tooLarge(`This paper's text is too large for a template (more than ${TEMPLATE_LIMITS.textBytes / 1024 / 1024} MB). Remove long pages or shorten their text, then try again.`);
    }
    pages.push({ depth, title: page.title, body });
  }
  return pages;
}

/** The stored template `actor` may change: 403 for the built-in one or someone else's, 404 if unknown. */
function ownTemplate(db: Db, id: string, actor: PersonRef): TemplateRecord {
  if (id === BRIEFING_TEMPLATE_ID) throw forbidden(BUILT_IN_UNCHANGEABLE);
  const record = templateRecord(db, id);
  if (!record) throw notFound(NOT_FOUND);
  if (record.createdBy?.id !== actor.id) throw forbidden(NOT_YOURS);
  return record;
}

/** Renames a template its creator saved. */
export function renameTemplate(db: Db, id: string, actor: PersonRef, name: string): TemplateSummary {
  return db.transaction(() => {
    const before = ownTemplate(db, id, actor);
    renameTemplateRow(db, id, name);
    if (before.name !== name) recordAudit(db, { actor, action: 'template.renamed', target: id, detail: { from: before.name, to: name } });
    return summaryOf(templateRecord(db, id)!, actor.id);
  }).immediate();
}

/** Deletes a template its creator saved; papers made from it keep their pages. */
export function deleteTemplate(db: Db, id: string, actor: PersonRef): void {
  db.transaction(() => {
    const before = ownTemplate(db, id, actor);
    deleteTemplateRow(db, id);
    recordAudit(db, { actor, action: 'template.deleted', target: id, detail: { name: before.name } });
  }).immediate();
}
