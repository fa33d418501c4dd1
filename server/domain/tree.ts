/**
 * The page tree's rules: create, rename, move, delete to the trash and restore. Each change runs
 * in one immediate SQLite transaction that re-reads the tree first, so two moves at the same time
 * are applied one after the other against the latest tree: neither can make a cycle or lose a page.
 * Every change leaves each sibling list it touched numbered 0..n-1.
 */
import type { Db } from '../store/database.js';
import type { PageView, PersonRef } from '../../shared/api.js';
import { limits } from '../../shared/limits.js';
import { ancestry, childrenByParent, orderedTree, subtreeDepth, wouldCycle } from '../../shared/tree.js';
import { conflict, forbidden, notFound } from '../errors.js';
import type { Role } from '../../shared/roles.js';
import { APPROVED_READ_ONLY, mayWriteText } from '../../shared/pageStatus.js';
import { countPages, insertPage, livePageViews, newBatchId, pageNodes, pageView, placePage, renamePage, trashPages, untrashPages, type PageNode } from '../store/pages.js';
import { storeInitialState } from '../store/pageBodies.js';
import { initialPageState } from '../collab/initialState.js';
import { recordAudit } from './audit.js';

export const CYCLE_MESSAGE = 'A page cannot be moved inside itself or its own sub-pages.';
const TOO_DEEP = `Pages can be nested at most ${limits.treeDepth} levels deep. Choose a parent higher up the tree.`;

/** A paper's live pages in reading order (depth first, siblings by position). */
export function liveTree(db: Db, paperId: string): PageView[] {
  const pages = livePageViews(db, paperId);
  const ordered = orderedTree(pages).map(({ page }) => page);
  // Defensive: a live page under a missing parent is still listed (at the end), never hidden.
  if (ordered.length === pages.length) return ordered;
  const seen = new Set(ordered.map((p) => p.id));
  return [...ordered, ...pages.filter((p) => !seen.has(p.id))];
}

/** Live sibling ids under a parent, in order, leaving out `exclude`. */
function siblingIds(live: readonly PageNode[], parentId: string | null, exclude?: string): string[] {
  return (childrenByParent(live).get(parentId) ?? []).map((p) => p.id).filter((id) => id !== exclude);
}

/** Writes positions 0..n-1 (and the parent) for an ordered sibling list. */
function renumber(db: Db, parentId: string | null, ids: readonly string[]): void {
  ids.forEach((id, i) => placePage(db, id, parentId, i));
}

/** Looks up a parent for a create or move: 404 if unknown in this paper, 409 if in the trash. */
function liveParent(nodes: readonly PageNode[], parentId: string | null): PageNode | null {
  if (parentId === null) return null;
  const parent = nodes.find((n) => n.id === parentId);
  if (!parent) throw notFound('The parent page was not found in this paper.');
  if (parent.deletedAt) throw conflict('The parent page is in the trash. Restore it first, or choose another parent.');
  return parent;
}

/** Depth of a page if placed under parentId (chapters are 1). */
const depthUnder = (live: readonly PageNode[], parentId: string | null) => (parentId === null ? 0 : ancestry(live, parentId).length) + 1;

/** The title of a page of a paper, for audit entries ('' if unknown). */
const titleOf = (db: Db, paperId: string, pageId: string | null) => (pageId ? (pageView(db, paperId, pageId)?.title ?? '') : '');

/** Creates a page (with its initial body) under a parent at an index (default: the end) and returns it. */
export function createPage(db: Db, input: { paperId: string; actor: PersonRef; title: string; parentId: string | null; index?: number }): PageView {
  const body = initialPageState();
  return db.transaction(() => {
    if (countPages(db, input.paperId) >= limits.pagesPerPaper) {
      throw conflict(`This paper already has the most pages allowed (${limits.pagesPerPaper}, the trash included).`);
    }
    const nodes = pageNodes(db, input.paperId);
    const live = nodes.filter((n) => !n.deletedAt);
    liveParent(nodes, input.parentId);
    if (depthUnder(live, input.parentId) > limits.treeDepth) throw conflict(TOO_DEEP);
    const siblings = siblingIds(live, input.parentId);
    const index = Math.min(input.index ?? siblings.length, siblings.length);
    const id = insertPage(db, { paperId: input.paperId, parentId: input.parentId, position: index, title: input.title, createdBy: input.actor.id });
    siblings.splice(index, 0, id);
    renumber(db, input.parentId, siblings);
    storeInitialState(db, id, body);
    recordAudit(db, { paperId: input.paperId, actor: input.actor, action: 'page.created', target: id, detail: { title: input.title, parentId: input.parentId, parentTitle: titleOf(db, input.paperId, input.parentId), index } });
    return pageView(db, input.paperId, id)!;
  }).immediate();
}

/** Renames a live page and returns it; an approved page's title, like its text, is the editors' alone until reopened. */
export function renamePageTitle(db: Db, paperId: string, pageId: string, title: string, actor: PersonRef, role: Role): PageView {
  return db.transaction(() => {
    const page = pageView(db, paperId, pageId);
    if (!page) throw notFound();
    if (page.deletedAt) throw conflict('This page is in the trash. Restore it before renaming it.');
    if (!mayWriteText(role, page.status)) throw forbidden(APPROVED_READ_ONLY);
    renamePage(db, pageId, title);
    if (page.title !== title) recordAudit(db, { paperId, actor, action: 'page.renamed', target: pageId, detail: { from: page.title, to: title } });
    return pageView(db, paperId, pageId)!;
  }).immediate();
}

/** Moves a live page (with its sub-pages) under a new parent (null: top level) at an index; returns the live tree. */
export function movePage(db: Db, paperId: string, pageId: string, to: { parentId: string | null; index: number }, actor: PersonRef): PageView[] {
  return db.transaction(() => {
    const nodes = pageNodes(db, paperId);
    const page = nodes.find((n) => n.id === pageId);
    if (!page) throw notFound();
    if (page.deletedAt) throw conflict('This page is in the trash. Restore it before moving it.');
    const live = nodes.filter((n) => !n.deletedAt);
    if (to.parentId === pageId || wouldCycle(live, pageId, to.parentId)) throw conflict(CYCLE_MESSAGE);
    liveParent(nodes, to.parentId);
    if (depthUnder(live, to.parentId) - 1 + subtreeDepth(live, pageId) > limits.treeDepth) throw conflict(TOO_DEEP);

    renumber(db, page.parentId, siblingIds(live, page.parentId, pageId));
    const siblings = siblingIds(live, to.parentId, pageId);
    const index = Math.min(to.index, siblings.length);
    siblings.splice(index, 0, pageId);
    renumber(db, to.parentId, siblings);
    recordAudit(db, {
      paperId,
      actor,
      action: 'page.moved',
      target: pageId,
      detail: { title: titleOf(db, paperId, pageId), from: { parentId: page.parentId, parentTitle: titleOf(db, paperId, page.parentId), index: page.position }, to: { parentId: to.parentId, parentTitle: titleOf(db, paperId, to.parentId), index } },
    });
    return liveTree(db, paperId);
  }).immediate();
}

/** Every live descendant of a page (not the page itself). */
function liveDescendants(live: readonly PageNode[], pageId: string): string[] {
  const byParent = childrenByParent(live);
  const out: string[] = [];
  const stack = [pageId];
  while (stack.length) {
    for (const child of byParent.get(stack.pop()!) ?? []) {
      out.push(child.id);
      stack.push(child.id);
    }
  }
  return out;
}

/** Moves a page and its live sub-pages to the trash as one batch; returns the live tree. */
export function deletePage(db: Db, paperId: string, pageId: string, actor: PersonRef): PageView[] {
  return db.transaction(() => {
    const nodes = pageNodes(db, paperId);
    const page = nodes.find((n) => n.id === pageId);
    if (!page) throw notFound();
    if (page.deletedAt) throw conflict('This page is already in the trash.');
    const live = nodes.filter((n) => !n.deletedAt);
    // The page keeps its position: restore uses it to put the page back where it was.
    const descendants = liveDescendants(live, pageId);
    trashPages(db, [pageId, ...descendants], actor.id, newBatchId());
    recordAudit(db, { paperId, actor, action: 'page.deleted', target: pageId, detail: { title: titleOf(db, paperId, pageId), subPages: descendants.length } });
    renumber(db, page.parentId, siblingIds(live, page.parentId, pageId));
    return liveTree(db, paperId);
  }).immediate();
}

/**
 * Restores a page in the trash together with everything deleted in the same action. The top of
 * the batch goes back under its old parent at its old place if that parent is live (and the depth
 * allows), else to the end of the top level. Returns the live tree.
 */
export function restorePage(db: Db, paperId: string, pageId: string, actor: PersonRef): PageView[] {
  return db.transaction(() => {
    const nodes = pageNodes(db, paperId);
    const page = nodes.find((n) => n.id === pageId);
    if (!page) throw notFound();
    if (!page.deletedAt) throw conflict('This page is not in the trash.');
    const batch = page.deletedBatch ? nodes.filter((n) => n.deletedBatch === page.deletedBatch) : [page];
    const inBatch = new Set(batch.map((n) => n.id));
    const roots = batch.filter((n) => !n.parentId || !inBatch.has(n.parentId)).sort((a, b) => a.position - b.position);
    untrashPages(db, [...inBatch]);

    for (const root of roots) {
      // Re-read each time: an earlier root of the same batch may have just been placed.
      const live = pageNodes(db, paperId).filter((n) => !n.deletedAt);
      const parent = root.parentId ? live.find((n) => n.id === root.parentId) : undefined;
      // Back where it was if that place still exists (a chapter always can); else the end of the top level.
      const backInPlace = root.parentId === null || (!!parent && depthUnder(live, parent.id) - 1 + subtreeDepth(batch, root.id) <= limits.treeDepth);
      const parentId = backInPlace ? root.parentId : null;
      const siblings = siblingIds(live, parentId, root.id);
      siblings.splice(backInPlace ? Math.min(root.position, siblings.length) : siblings.length, 0, root.id);
      renumber(db, parentId, siblings);
    }
    recordAudit(db, { paperId, actor, action: 'page.restored', target: pageId, detail: { title: titleOf(db, paperId, pageId), pages: inBatch.size } });
    return liveTree(db, paperId);
  }).immediate();
}
