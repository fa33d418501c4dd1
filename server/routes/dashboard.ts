/**
 * Dashboard routes: the editor's dashboard of a paper (every member may read it) and setting who a
 * page is assigned to (editors). An assignment emits 'tree:changed', since pages carry their
 * assignees, so the tree and every open dashboard update live.
 */
import { Router } from 'express';
import type { RouteDeps } from './index.js';
import { parse } from '../errors.js';
import { assigneesBody } from '../../shared/dashboard.js';
import { assignPage } from '../domain/assignments.js';
import { paperDashboard, WordCountCache } from '../domain/dashboard.js';
import { allow, currentUser } from './guards.js';

/** The /papers/:paperId/dashboard and /papers/:paperId/pages/:pageId/assignees routes (membership already checked). */
export function dashboardRoutes({ db, events, collab }: Pick<RouteDeps, 'db' | 'events' | 'collab'>): Router {
  const router = Router();
  const wordCounts = new WordCountCache(collab);

  router.get('/papers/:paperId/dashboard', allow('page.read'), async (req, res) => {
    res.json(await paperDashboard(db, req.params.paperId, wordCounts));
  });

  router.put('/papers/:paperId/pages/:pageId/assignees', allow('page.assign'), (req, res) => {
    const { userIds } = parse(assigneesBody, req.body);
    const page = assignPage(db, { paperId: req.params.paperId, pageId: req.params.pageId, userIds, actor: currentUser(res) });
    events.emit('tree:changed', req.params.paperId);
    res.json({ page });
  });

  return router;
}
