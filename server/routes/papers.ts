/** Paper routes: my papers, create one (blank or from a template), read and change its details, settings and cover. */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import type { AppEvents } from '../events.js';
import { notFound, parse } from '../errors.js';
import { createPaperBody, updatePaperBody } from '../../shared/api.js';
import { changePaper, createPaper } from '../domain/papers.js';
import { paperForUser, papersForUser } from '../store/papers.js';
import { allow, currentUser, open } from './guards.js';

/** The /papers routes; /papers/:paperId/* has passed requireMember already (see index.ts). */
export function paperRoutes({ db, events }: { db: Db; events: AppEvents }): Router {
  const router = Router();

  router.get('/papers', open('signedIn'), (_req, res) => {
    res.json({ papers: papersForUser(db, currentUser(res).id) });
  });

  router.post('/papers', open('signedIn'), (req, res) => {
    const body = parse(createPaperBody, req.body);
    res.status(201).json({ paper: createPaper(db, currentUser(res), body) });
  });

  router.get('/papers/:paperId', allow('paper.read'), (req, res) => {
    const paper = paperForUser(db, req.params.paperId, currentUser(res).id);
    if (!paper) throw notFound();
    res.json({ paper });
  });

  router.patch('/papers/:paperId', allow('paper.update'), (req, res) => {
    const paper = changePaper(db, req.params.paperId, currentUser(res), parse(updatePaperBody, req.body));
    events.emit('paper:changed', paper.id);
    res.json({ paper });
  });

  return router;
}
