/** Paper routes: my papers, create one, read and change its details. */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import { notFound, parse } from '../errors.js';
import { createPaperBody, updatePaperBody } from '../../shared/api.js';
import { createPaper } from '../domain/papers.js';
import { paperForUser, papersForUser, updatePaper } from '../store/papers.js';
import { currentUser, requireRole } from './guards.js';

/** The /papers routes; /papers/:paperId/* has passed requireMember already (see index.ts). */
export function paperRoutes({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/papers', (_req, res) => {
    res.json({ papers: papersForUser(db, currentUser(res).id) });
  });

  router.post('/papers', (req, res) => {
    const body = parse(createPaperBody, req.body);
    res.status(201).json({ paper: createPaper(db, currentUser(res).id, body) });
  });

  router.get('/papers/:paperId', (req, res) => {
    const paper = paperForUser(db, req.params.paperId, currentUser(res).id);
    if (!paper) throw notFound();
    res.json({ paper });
  });

  router.patch('/papers/:paperId', requireRole('manage'), (req, res) => {
    updatePaper(db, req.params.paperId, parse(updatePaperBody, req.body));
    res.json({ paper: paperForUser(db, req.params.paperId, currentUser(res).id) });
  });

  return router;
}
