/**
 * Notification and watch routes. A person's own notifications (list, mark one or all read) are
 * open to anyone signed in and only ever reach their own rows; watching a paper or one of its
 * pages is for any member who may read the paper.
 */
import { Router } from 'express';
import { parse } from '../errors.js';
import { notificationId, notificationListQuery, watchBody } from '../../shared/notifications.js';
import { listNotifications, readAllNotifications, readNotification } from '../domain/notifications.js';
import { watchPage, watchPaper, watchView } from '../domain/watches.js';
import { allow, currentUser, open } from './guards.js';
import type { RouteDeps } from './index.js';

/** The /notifications routes and the /papers/:paperId/.../watch routes (membership checked in index.ts). */
export function notificationRoutes({ db, events }: Pick<RouteDeps, 'db' | 'events'>): Router {
  const router = Router();

  router.get('/notifications', open('signedIn'), (req, res) => {
    res.json(listNotifications(db, currentUser(res).id, parse(notificationListQuery, req.query)));
  });

  router.post('/notifications/read-all', open('signedIn'), (_req, res) => {
    res.json({ unread: readAllNotifications(db, events, currentUser(res).id) });
  });

  router.post('/notifications/:id/read', open('signedIn'), (req, res) => {
    res.json({ unread: readNotification(db, events, currentUser(res).id, parse(notificationId, req.params.id)) });
  });

  router.get('/papers/:paperId/watch', allow('paper.read'), (req, res) => {
    res.json(watchView(db, req.params.paperId, currentUser(res).id));
  });

  router.put('/papers/:paperId/watch', allow('paper.read'), (req, res) => {
    const { watching } = parse(watchBody, req.body);
    res.json(watchPaper(db, req.params.paperId, currentUser(res).id, watching));
  });

  router.put('/papers/:paperId/pages/:pageId/watch', allow('paper.read'), (req, res) => {
    const { watching } = parse(watchBody, req.body);
    res.json(watchPage(db, req.params.paperId, req.params.pageId, currentUser(res).id, watching));
  });

  return router;
}
