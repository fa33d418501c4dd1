/**
 * The rules of labels: a page gets a label by name (the paper's label of that name, made if
 * new); one paper never has two labels with the same key (normalised, lower-cased text); a page
 * has at most LABELS_PER_PAGE. Editors rename, merge and delete labels, and those three go in
 * the audit trail. Each change runs in one immediate transaction; adding and removing labels is
 * organising, so it is allowed on an approved page too.
 */
import type { Db } from '../store/database.js';
import type { PageView, PersonRef } from '../../shared/api.js';
import { LABELS_PER_PAGE, LABELS_PER_PAPER, labelKey, type LabelView } from '../../shared/labels.js';
import { conflict, notFound } from '../errors.js';
import { pageView } from '../store/pages.js';
import {
  attachLabel,
  countLabelledPages,
  countLabels,
  countPageLabels,
  deleteLabelRow,
  detachLabel,
  insertLabel,
  labelById,
  labelByKey,
  labelViews,
  moveLabelPages,
  pageHasLabel,
  renameLabelRow,
  type LabelRow,
} from '../store/labels.js';
import { recordAudit } from './audit.js';

/** A live page of the paper, or 404 (unknown) / 409 (in the trash). */
function livePage(db: Db, paperId: string, pageId: string): PageView {
  const page = pageView(db, paperId, pageId);
  if (!page) throw notFound('The page was not found in this paper.');
  if (page.deletedAt) throw conflict('This page is in the trash. Restore it before changing its labels.');
  return page;
}

/** A label of the paper, or 404. */
function existingLabel(db: Db, paperId: string, labelId: string): LabelRow {
  const label = labelById(db, paperId, labelId);
  if (!label) throw notFound('That label was not found in this paper.');
  return label;
}

/** A label's view (with its live page count) after a change. */
function viewOf(db: Db, paperId: string, labelId: string): LabelView {
  return labelViews(db, paperId).find((l) => l.id === labelId)!;
}

/** Every label of a paper with its page count, by name. */
export function listLabels(db: Db, paperId: string): LabelView[] {
  return labelViews(db, paperId);
}

/** Puts a label (already normalised and checked) on a live page, making the label if the paper has none by that name. */
export function addPageLabel(db: Db, input: { paperId: string; pageId: string; name: string; actor: PersonRef }): { page: PageView; label: LabelView } {
  return db.transaction(() => {
    livePage(db, input.paperId, input.pageId);
    let label = labelByKey(db, input.paperId, labelKey(input.name));
    if (label && pageHasLabel(db, input.pageId, label.id)) {
      return { page: pageView(db, input.paperId, input.pageId)!, label: viewOf(db, input.paperId, label.id) };
    }
    if (countPageLabels(db, input.pageId) >= LABELS_PER_PAGE) throw conflict(`A page can have at most ${LABELS_PER_PAGE} labels. Remove one first.`);
    if (!label) {
      if (countLabels(db, input.paperId) >= LABELS_PER_PAPER) throw conflict(`This paper already has the most labels allowed (${LABELS_PER_PAPER}). Reuse or merge existing ones.`);
      label = insertLabel(db, { paperId: input.paperId, name: input.name, key: labelKey(input.name), createdBy: input.actor.id });
    }
    attachLabel(db, input.pageId, label.id, input.actor.id);
    return { page: pageView(db, input.paperId, input.pageId)!, label: viewOf(db, input.paperId, label.id) };
  }).immediate();
}

/** Takes a label off a live page; the label itself stays in the paper's list. */
export function removePageLabel(db: Db, paperId: string, pageId: string, labelId: string): PageView {
  return db.transaction(() => {
    livePage(db, paperId, pageId);
    existingLabel(db, paperId, labelId);
    if (!detachLabel(db, pageId, labelId)) throw notFound('This page does not have that label.');
    return pageView(db, paperId, pageId)!;
  }).immediate();
}

/** Renames a label (already normalised and checked); 409 if another label has that name, since that is a merge. */
export function renameLabel(db: Db, paperId: string, labelId: string, name: string, actor: PersonRef): LabelView {
  return db.transaction(() => {
    const label = existingLabel(db, paperId, labelId);
    const key = labelKey(name);
    const other = labelByKey(db, paperId, key);
    if (other && other.id !== label.id) {
      throw conflict(`There is already a label named '${other.name}'. To combine the two, merge '${label.name}' into it instead.`);
    }
    if (label.name !== name) {
      renameLabelRow(db, label.id, name, key);
      recordAudit(db, { paperId, actor, action: 'label.renamed', target: label.id, detail: { from: label.name, to: name } });
    }
    return viewOf(db, paperId, label.id);
  }).immediate();
}

/** Merges one label into another: its pages get the other label (once) and it is removed. Returns the label kept. */
export function mergeLabel(db: Db, paperId: string, labelId: string, intoLabelId: string, actor: PersonRef): LabelView {
  return db.transaction(() => {
    const from = existingLabel(db, paperId, labelId);
    if (intoLabelId === labelId) throw conflict('Choose a different label to merge into.');
    const into = labelById(db, paperId, intoLabelId);
    if (!into) throw notFound('The label to merge into was not found in this paper.');
    const pages = moveLabelPages(db, from.id, into.id);
    deleteLabelRow(db, from.id);
    recordAudit(db, { paperId, actor, action: 'label.merged', target: into.id, detail: { from: from.name, into: into.name, pages } });
    return viewOf(db, paperId, into.id);
  }).immediate();
}

/** Deletes a label from the paper, taking it off any page that still has it. */
export function deleteLabel(db: Db, paperId: string, labelId: string, actor: PersonRef): void {
  db.transaction(() => {
    const label = existingLabel(db, paperId, labelId);
    const pages = countLabelledPages(db, label.id);
    deleteLabelRow(db, label.id);
    recordAudit(db, { paperId, actor, action: 'label.deleted', target: label.id, detail: { name: label.name, pages } });
  }).immediate();
}
