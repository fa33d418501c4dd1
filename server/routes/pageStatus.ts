/**
 * Page status routes: set a page's status (authors between draft and in review; editors also
 * approve and reopen) and ask an editor to reopen an approved page. After each change:
 * 'page:status_changed' (open editing connections re-check their access; notifications) and
 * 'tree:changed' (everyone sees the new status).
 */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import type { AppEvents } from '../events.js';
import { parse } from '../errors.js';
import { setStatusBody } from '../../shared/pageStatus.js';
import { askToReopen, changePageStatus } from '../domain/pageStatus.js';
import { allow, currentRole, currentUser } from './guards.js';

/** The /papers/:paperId/pages/:pageId/status and /reopen-request routes (membership already checked). */
export function pageStatusRoutes({ db, events }: { db: Db; events: AppEvents }): Router {
  const router = Router();

  router.post('/papers/:paperId/pages/:pageId/status', allow('page.set_status'), (req, res) => {
    const { status } = parse(setStatusBody, req.body);
    const { page, change } = changePageStatus(db, { paperId: req.params.paperId, pageId: req.params.pageId, to: status, actor: currentUser(res), role: currentRole(res) });
    if (change) {
      events.emit('page:status_changed', change);
      events.emit('tree:changed', page.paperId);
    }
    res.json({ page });
  });

  router.post('/papers/:paperId/pages/:pageId/reopen-request', allow('page.set_status'), (req, res) => {
    const { page, change } = askToReopen(db, { paperId: req.params.paperId, pageId: req.params.pageId, actor: currentUser(res) });
    events.emit('page:status_changed', change);
    events.emit('tree:changed', page.paperId);
    res.json({ page });
  });

  return router;
}
