/**
 * Label routes: the paper's labels, adding and removing a label on a page (authors and
 * editors), and renaming, merging and deleting labels (editors). Every change emits
 * 'tree:changed' (pages carry their labels) and 'labels:changed' (the paper's list and counts).
 */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import type { AppEvents } from '../events.js';
import { parse } from '../errors.js';
import { addLabelBody, mergeLabelBody, renameLabelBody } from '../../shared/labels.js';
import { addPageLabel, deleteLabel, listLabels, mergeLabel, removePageLabel, renameLabel } from '../domain/labels.js';
import { allow, currentUser } from './guards.js';

/** The /papers/:paperId/labels and /papers/:paperId/pages/:pageId/labels routes (membership already checked). */
export function labelRoutes({ db, events }: { db: Db; events: AppEvents }): Router {
  const router = Router();
  const changed = (paperId: string) => {
    events.emit('tree:changed', paperId);
    events.emit('labels:changed', paperId);
  };

  router.get('/papers/:paperId/labels', allow('page.read'), (req, res) => {
    res.json({ labels: listLabels(db, req.params.paperId) });
  });

  router.post('/papers/:paperId/pages/:pageId/labels', allow('label.edit'), (req, res) => {
    const { name } = parse(addLabelBody, req.body);
    const result = addPageLabel(db, { paperId: req.params.paperId, pageId: req.params.pageId, name, actor: currentUser(res) });
    changed(req.params.paperId);
    res.json(result);
  });

  router.delete('/papers/:paperId/pages/:pageId/labels/:labelId', allow('label.edit'), (req, res) => {
    const page = removePageLabel(db, req.params.paperId, req.params.pageId, req.params.labelId);
    changed(req.params.paperId);
    res.json({ page });
  });

  router.patch('/papers/:paperId/labels/:labelId', allow('label.manage'), (req, res) => {
    const { name } = parse(renameLabelBody, req.body);
    const label = renameLabel(db, req.params.paperId, req.params.labelId, name, currentUser(res));
    changed(req.params.paperId);
    res.json({ label });
  });

  router.post('/papers/:paperId/labels/:labelId/merge', allow('label.manage'), (req, res) => {
    const { intoLabelId } = parse(mergeLabelBody, req.body);
    const label = mergeLabel(db, req.params.paperId, req.params.labelId, intoLabelId, currentUser(res));
    changed(req.params.paperId);
    res.json({ label });
  });

  router.delete('/papers/:paperId/labels/:labelId', allow('label.manage'), (req, res) => {
    deleteLabel(db, req.params.paperId, req.params.labelId, currentUser(res));
    changed(req.params.paperId);
    res.status(204).end();
  });

  return router;
}
