/** Page-tree routes: list, trash, read, create, rename, move, delete to the trash, restore. Every tree change emits 'tree:changed'. */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import type { AppEvents } from '../events.js';
import { notFound, parse } from '../errors.js';
import { createPageBody, movePageBody, renamePageBody } from '../../shared/api.js';
import { createPage, deletePage, liveTree, movePage, renamePageTitle, restorePage } from '../domain/tree.js';
import { pageView, trashPageViews } from '../store/pages.js';
import { allow, currentRole, currentUser } from './guards.js';

/** The /papers/:paperId/pages and /trash routes (membership already checked in index.ts). */
export function pageRoutes({ db, events }: { db: Db; events: AppEvents }): Router {
  const router = Router();
  const changed = (paperId: string) => events.emit('tree:changed', paperId);

  router.get('/papers/:paperId/pages', allow('page.read'), (req, res) => {
    res.json({ pages: liveTree(db, req.params.paperId) });
  });

  router.get('/papers/:paperId/trash', allow('page.read'), (req, res) => {
    res.json({ pages: trashPageViews(db, req.params.paperId) });
  });

  router.get('/papers/:paperId/pages/:pageId', allow('page.read'), (req, res) => {
    const page = pageView(db, req.params.paperId, req.params.pageId);
    if (!page) throw notFound();
    res.json({ page });
  });

  router.post('/papers/:paperId/pages', allow('page.create'), (req, res) => {
    const body = parse(createPageBody, req.body);
    const page = createPage(db, { paperId: req.params.paperId, actor: currentUser(res), ...body });
    changed(page.paperId);
    res.status(201).json({ page });
  });

  router.patch('/papers/:paperId/pages/:pageId', allow('page.rename'), (req, res) => {
    const { title } = parse(renamePageBody, req.body);
    const page = renamePageTitle(db, req.params.paperId, req.params.pageId, title, currentUser(res), currentRole(res));
    changed(page.paperId);
    res.json({ page });
  });

  router.post('/papers/:paperId/pages/:pageId/move', allow('page.move'), (req, res) => {
    const pages = movePage(db, req.params.paperId, req.params.pageId, parse(movePageBody, req.body), currentUser(res));
    changed(req.params.paperId);
    res.json({ pages });
  });

  router.delete('/papers/:paperId/pages/:pageId', allow('page.delete'), (req, res) => {
    const pages = deletePage(db, req.params.paperId, req.params.pageId, currentUser(res));
    changed(req.params.paperId);
    res.json({ pages });
  });

  router.post('/papers/:paperId/pages/:pageId/restore', allow('page.restore'), (req, res) => {
    const pages = restorePage(db, req.params.paperId, req.params.pageId, currentUser(res));
    changed(req.params.paperId);
    res.json({ pages });
  });

  return router;
}
