/**
 * Revision history routes of a page: list, name a version now, open one read-only, compare two
 * (or one with the live page), and restore one as a new change. Shapes are shared/history.ts.
 */
import { Router } from 'express';
import { diffQuery, nameRevisionBody, type DiffAuthor, type DiffView } from '../../shared/history.js';
import { notFound, parse } from '../errors.js';
import { attributionRows } from '../history/attributionStore.js';
import { nameRevision, restoreRevision } from '../history/restore.js';
import { colorFor } from '../../shared/presence.js';
import type { RevisionMeta } from '../history/revisionStore.js';
import { pageView } from '../store/pages.js';
import { allow, currentUser } from './guards.js';
import type { RouteDeps } from './index.js';

const BASE = '/papers/:paperId/pages/:pageId';

/** The /papers/:paperId/pages/:pageId/revisions and /diff routes (membership already checked in index.ts). */
export function historyRoutes({ db, collab }: RouteDeps): Router {
  const router = Router();
  const history = collab.history;
  const store = history.store;

  /** The page of the URL, in the URL's paper (live or in the trash), or 404. */
  const pageOf = (paperId: string, pageId: string) => {
    const page = pageView(db, paperId, pageId);
    if (!page) throw notFound('No such page in this paper.');
    return page;
  };
  const revisionOf = (pageId: string, raw: string): RevisionMeta => {
    const id = Number(raw);
    const revision = Number.isSafeInteger(id) && id > 0 ? store.byId(pageId, id) : null;
    if (!revision) throw notFound('No such version of this page.');
    return revision;
  };

  router.get(`${BASE}/revisions`, allow('page.read'), (req, res) => {
    const { id: pageId } = pageOf(req.params.paperId, req.params.pageId);
    const revisions = store.all(pageId);
    const [newest, previous] = revisions;
    // The latest change: what the newest revision lacks, else what it added to the one before.
    let latestChange: { from: number; to: number | 'current' } | null = null;
    if (newest && (history.pending(pageId) || store.storedUpto(pageId) > newest.updatesUpto)) latestChange = { from: newest.id, to: 'current' };
    else if (newest && previous) latestChange = { from: previous.id, to: newest.id };
    res.json({ revisions: store.views(revisions), latestChange });
  });

  router.post(`${BASE}/revisions`, allow('page.edit'), async (req, res) => {
    const { name } = parse(nameRevisionBody, req.body);
    const page = pageOf(req.params.paperId, req.params.pageId);
    const revision = await nameRevision(db, collab, { paperId: page.paperId, pageId: page.id, name, actor: currentUser(res) });
    res.status(201).json({ revision });
  });

  router.get(`${BASE}/revisions/:revisionId`, allow('page.read'), async (req, res) => {
    const { id: pageId } = pageOf(req.params.paperId, req.params.pageId);
    const revision = revisionOf(pageId, req.params.revisionId);
    const doc = await history.thread.doc(store.chain(pageId, revision.number));
    res.json({ revision: store.view(revision), doc });
  });

  router.get(`${BASE}/diff`, allow('page.read'), async (req, res) => {
    const { id: pageId } = pageOf(req.params.paperId, req.params.pageId);
    const query = parse(diffQuery, req.query);
    let from = revisionOf(pageId, String(query.from));
    let to = query.to === 'current' ? null : revisionOf(pageId, String(query.to));
    // The older of the two is always "from".
    if (to && to.number < from.number) [from, to] = [to, from];
    const older = store.chain(pageId, from.number);
    const newer = to ? store.chain(pageId, to.number) : [await collab.currentState(pageId)];
    // Compared in the history thread: on a long page this takes longer than a room may wait.
    const diff = await history.thread.diff(older, newer, attributionRows(db, pageId));
    const authors: DiffAuthor[] = store.people(diff.authorIds).map((person) => ({ ...person, color: colorFor(person.id) }));
    const view: DiffView = { from: store.view(from), to: to ? store.view(to) : null, doc: diff.doc, authors, wordsAdded: diff.wordsAdded, wordsRemoved: diff.wordsRemoved };
    res.json(view);
  });

  router.post(`${BASE}/revisions/:revisionId/restore`, allow('page.edit'), async (req, res) => {
    const page = pageOf(req.params.paperId, req.params.pageId);
    const chosen = revisionOf(page.id, req.params.revisionId);
    const revision = await restoreRevision(db, collab, { paperId: page.paperId, pageId: page.id, revision: chosen, actor: currentUser(res) });
    res.status(201).json({ revision });
  });

  return router;
}
