/**
 * Releases: an editor freezes the whole paper under a name ("v1.0 for consultation"), and it can be
 * read, exported and compared with another release at any time later, exactly as it was frozen.
 *
 * Freezing first takes an automatic (unnamed) revision of every live page whose text changed since
 * its newest revision, through the history module, so each page's newest revision holds its text
 * now. Then, in one transaction, it records the release: for every page live at that moment, its
 * title, parent, position and status, and the id of its newest revision. The pinned revisions
 * are automatic ones on purpose: a page's own history stays as its writers named it, and the
 * release list, not the page history, is where releases are named.
 *
 * A release is refused (409) while the confidentiality check has findings no one acknowledged
 * (confidentialityGate), and while pages are not approved unless the editor gives a reason; the
 * reason goes into the release and the audit trail ('paper.released').
 *
 * For export (and anything else that needs a release's content):
 *  - releaseContents(db, releaseId) → {release, pages} with each page's id, parent, position,
 *    title, status, section number, depth and revision id, in reading order; null if no such release.
 *  - frozenPageDoc(db, collab, releaseId, pageId) → the page's frozen text as ProseMirror JSON
 *    (a doc of shared/schema.ts), with its revision; null if the release did not freeze that page.
 */
import type { PageView } from '../../shared/api.js';
import type { RevisionView } from '../../shared/history.js';
import type {
  ReleaseChange,
  ReleaseCompareView,
  ReleaseComparePage,
  ReleaseDetailView,
  ReleasePageView,
  ReleaseView,
} from '../../shared/releases.js';
import { orderedTree } from '../../shared/tree.js';
import type { CollabServer } from '../collab/server.js';
import { conflict, notFound } from '../errors.js';
import type { AppEvents } from '../events.js';
import type { Db } from '../store/database.js';
import { livePageViews } from '../store/pages.js';
import { frozenPages, insertRelease, releaseView, type FrozenPage } from '../store/releases.js';
import { recordAudit } from './audit.js';
import { confidentialityGate, type PaperFinding } from './confidentiality.js';

/** How a freeze went: the release, or the confidentiality findings that stopped it. */
export type FreezeResult = { ok: true; release: ReleaseView } | { ok: false; message: string; findings: PaperFinding[] };

/** The sentence that asks for a reason when pages are not approved. */
export function reasonNeededMessage(notApproved: number, total: number): string {
  const pages = notApproved === 1 ? '1 page is' : `${notApproved} pages are`;
  return `${pages} not approved (of ${total}). Give a reason for releasing the paper before ${notApproved === 1 ? 'it is' : 'they are'} approved.`;
}

/** The sentence that says the confidentiality check stops the release. */
export function gateMessage(findings: number): string {
  const what = findings === 1 ? '1 possible confidential detail needs' : `${findings} possible confidential details need`;
  return `${what} checking first: run the confidentiality check and fix or acknowledge them.`;
}

const notApprovedIn = (pages: readonly Pick<PageView, 'status'>[]) => pages.filter((p) => p.status !== 'approved').length;

/** Takes a revision of every live page whose text changed since its newest one (nothing for the others). */
async function revisePages(collab: CollabServer, paperId: string, pages: readonly PageView[]): Promise<void> {
  await Promise.all(pages.map((page) => collab.history.take(page.id, paperId, { kind: 'auto' })));
}

/**
 * Freezes a release of the paper (the caller has checked the person may release). Refuses with
 * 409 when pages are not approved and no reason is given; returns the gate's findings when the
 * confidentiality check stops it.
 */
export async function freezeRelease(
  db: Db,
  collab: CollabServer,
  events: AppEvents,
  input: { paperId: string; actor: { id: string; name: string }; name: string; reason?: string | undefined },
): Promise<FreezeResult> {
  const { paperId, actor, name } = input;
  const reason = input.reason ?? null;
  const before = livePageViews(db, paperId);
  const waiting = notApprovedIn(before);
  if (waiting > 0 && !reason) throw conflict(reasonNeededMessage(waiting, before.length));
  const gate = await confidentialityGate(db, collab, paperId);
  if (!gate.ok) return { ok: false, message: gateMessage(gate.findings.length), findings: gate.findings };

  await revisePages(collab, paperId, before);
  const store = collab.history.store;
  // A page made while the revisions were being taken has none yet: take its first and look again.
  for (let attempt = 0; ; attempt++) {
    const pages = livePageViews(db, paperId);
    const unrevised = pages.filter((page) => !store.latest(page.id));
    if (unrevised.length > 0 && attempt < 3) {
      await revisePages(collab, paperId, unrevised);
      continue;
    }
    const releaseId = db.transaction(() => {
      // The tree, titles and statuses are read again inside the transaction: this is the moment frozen.
      const live = livePageViews(db, paperId);
      const notApproved = notApprovedIn(live);
      if (notApproved > 0 && !reason) throw conflict(reasonNeededMessage(notApproved, live.length));
      const frozen: FrozenPage[] = live.map((page) => {
        const revision = store.latest(page.id);
        if (!revision) throw conflict('A page was added while the release was being frozen. Try again.');
        return { pageId: page.id, parentId: page.parentId, position: page.position, title: page.title, status: page.status, revisionId: revision.id };
      });
      const id = insertRelease(db, { paperId, name, actor, reason, notApproved, pages: frozen });
      recordAudit(db, { paperId, actor, action: 'paper.released', target: id, detail: { name, pages: frozen.length, notApproved, reason } });
      return id;
    }).immediate();
    events.emit('releases:changed', paperId);
    return { ok: true, release: releaseView(db, releaseId)! };
  }
}

/** The frozen pages of a release in reading order, each with its section number and depth. */
function orderedPages(pages: readonly FrozenPage[]): ReleasePageView[] {
  return orderedTree(pages.map((p) => ({ ...p, id: p.pageId }))).map(({ page, number, depth }) => ({
    pageId: page.pageId,
    parentId: page.parentId,
    position: page.position,
    number,
    depth,
    title: page.title,
    status: page.status,
    revisionId: page.revisionId,
  }));
}

/** A release and its frozen tree in reading order (for export: see the file header); null if there is no such release. */
export function releaseContents(db: Db, releaseId: string, paperId?: string): ReleaseDetailView | null {
  const release = releaseView(db, releaseId, paperId);
  if (!release) return null;
  return { release, pages: orderedPages(frozenPages(db, releaseId)) };
}

/** A release of the paper, or 404. */
export function releaseOf(db: Db, paperId: string, releaseId: string): ReleaseDetailView {
  const contents = releaseContents(db, releaseId, paperId);
  if (!contents) throw notFound('No such release of this paper.');
  return contents;
}

/** One page's frozen text in a release, as ProseMirror JSON with its revision; null if the release did not freeze it. */
export async function frozenPageDoc(db: Db, collab: CollabServer, releaseId: string, pageId: string): Promise<{ page: ReleasePageView; revision: RevisionView; doc: unknown } | null> {
  const contents = releaseContents(db, releaseId);
  const page = contents?.pages.find((p) => p.pageId === pageId);
  if (!page) return null;
  const store = collab.history.store;
  const revision = store.byId(pageId, page.revisionId);
  if (!revision) return null;
  const doc = await collab.history.thread.doc(store.chain(pageId, revision.number));
  return { page, revision: store.view(revision), doc };
}

/** Whether two revisions of a page hold different text: the same revision or the same snapshot do not; otherwise their documents are compared. */
async function textsDiffer(collab: CollabServer, pageId: string, fromId: number, toId: number): Promise<boolean> {
  if (fromId === toId) return false;
  const store = collab.history.store;
  const from = store.byId(pageId, fromId);
  const to = store.byId(pageId, toId);
  if (!from || !to) return true;
  if (Buffer.from(from.snapshotHash).equals(Buffer.from(to.snapshotHash))) return false;
  const [a, b] = await Promise.all([collab.history.thread.doc(store.chain(pageId, from.number)), collab.history.thread.doc(store.chain(pageId, to.number))]);
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** The ids of each parent's children, in order, keeping only `keep`. */
function siblingLists(pages: readonly ReleasePageView[], keep: ReadonlySet<string>): Map<string | null, string[]> {
  const byParent = new Map<string | null, string[]>();
  for (const page of pages) {
    if (!keep.has(page.pageId)) continue;
    const list = byParent.get(page.parentId) ?? [];
    list.push(page.pageId);
    byParent.set(page.parentId, list);
  }
  return byParent;
}

/** The items of a longest common subsequence of two lists of distinct ids. */
function commonOrder(a: readonly string[], b: readonly string[]): Set<string> {
  const len = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) len[i][j] = a[i] === b[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
  const out = new Set<string>();
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.add(a[i]);
      i++;
      j++;
    } else if (len[i + 1][j] >= len[i][j + 1]) i++;
    else j++;
  }
  return out;
}

/**
 * The pages that moved between two trees: those whose parent changed, and, among siblings under
 * the same parent in both, the fewest pages whose moving explains the new order (those outside a
 * longest common subsequence): moving one chapter to the front moves that chapter, not the rest.
 */
export function movedPages(older: readonly ReleasePageView[], newer: readonly ReleasePageView[]): Set<string> {
  const parentBefore = new Map(older.map((p) => [p.pageId, p.parentId]));
  const moved = new Set<string>();
  const stayed = new Set<string>();
  for (const page of newer) {
    if (!parentBefore.has(page.pageId)) continue;
    if (parentBefore.get(page.pageId) === page.parentId) stayed.add(page.pageId);
    else moved.add(page.pageId);
  }
  const before = siblingLists(older, stayed);
  for (const [parentId, after] of siblingLists(newer, stayed)) {
    const kept = commonOrder(before.get(parentId) ?? [], after);
    for (const id of after) if (!kept.has(id)) moved.add(id);
  }
  return moved;
}

/**
 * Compares two releases of a paper, the earlier one as "from" whichever order they are asked in:
 * every page of the later release in its reading order, then the pages it no longer has. A page
 * is renamed when its title differs, moved as movedPages() says (a page added or removed before it
 * does not count), and its text
 * changed when the two pinned revisions differ and so do their texts.
 */
export async function compareReleases(db: Db, collab: CollabServer, paperId: string, fromId: string, toId: string): Promise<ReleaseCompareView> {
  let from = releaseOf(db, paperId, fromId);
  let to = releaseOf(db, paperId, toId);
  if (from.release.createdAt > to.release.createdAt) [from, to] = [to, from];
  const older = new Map(from.pages.map((p) => [p.pageId, p]));
  const newer = new Map(to.pages.map((p) => [p.pageId, p]));
  const moves = movedPages(from.pages, to.pages);

  const pages: ReleaseComparePage[] = await Promise.all(
    to.pages.map(async (page): Promise<ReleaseComparePage> => {
      const was = older.get(page.pageId);
      if (!was) {
        return { pageId: page.pageId, title: page.title, previousTitle: null, number: page.number, previousNumber: null, changes: ['added'], fromRevisionId: null, toRevisionId: page.revisionId };
      }
      const changes: ReleaseChange[] = [];
      const renamed = was.title !== page.title;
      const moved = moves.has(page.pageId);
      if (renamed) changes.push('renamed');
      if (moved) changes.push('moved');
      if (await textsDiffer(collab, page.pageId, was.revisionId, page.revisionId)) changes.push('text_changed');
      if (changes.length === 0) changes.push('unchanged');
      return {
        pageId: page.pageId,
        title: page.title,
        previousTitle: renamed ? was.title : null,
        number: page.number,
        previousNumber: was.number !== page.number ? was.number : null,
        changes,
        fromRevisionId: was.revisionId,
        toRevisionId: page.revisionId,
      };
    }),
  );
  for (const page of from.pages) {
    if (newer.has(page.pageId)) continue;
    pages.push({ pageId: page.pageId, title: page.title, previousTitle: null, number: page.number, previousNumber: null, changes: ['removed'], fromRevisionId: page.revisionId, toRevisionId: null });
  }
  return { from: from.release, to: to.release, pages };
}
