/**
 * Template routes: list and preview the templates anyone signed in may start a paper from, save a
 * paper's structure as a new template (its editors), and rename or delete one (whoever saved it;
 * the domain refuses everyone else, and the built-in template, with a sentence).
 */
import { Router } from 'express';
import { parse } from '../errors.js';
import { templateNameBody } from '../../shared/templates.js';
import { deleteTemplate, listTemplates, renameTemplate, saveAsTemplate, templateView, updateTemplateFromPaper } from '../domain/templates.js';
import { allow, currentUser, open } from './guards.js';
import type { RouteDeps } from './index.js';

/** The /templates routes and /papers/:paperId/save-as-template (which has passed requireMember). */
export function templateRoutes({ db, collab }: RouteDeps): Router {
  const router = Router();

  router.get('/templates', open('signedIn'), (_req, res) => {
    res.json({ templates: listTemplates(db, currentUser(res).id) });
  });

  router.get('/templates/:id', open('signedIn'), (req, res) => {
    res.json({ template: templateView(db, req.params.id, currentUser(res).id) });
  });

  router.post('/papers/:paperId/save-as-template', allow('paper.update'), async (req, res) => {
    const { name } = parse(templateNameBody, req.body);
    res.status(201).json({ template: await saveAsTemplate(db, collab, req.params.paperId, currentUser(res), name) });
  });

  router.put('/papers/:paperId/templates/:id', allow('paper.update'), async (req, res) => {
    res.json({ template: await updateTemplateFromPaper(db, collab, req.params.paperId, req.params.id, currentUser(res)) });
  });

  router.patch('/templates/:id', open('signedIn'), (req, res) => {
    const { name } = parse(templateNameBody, req.body);
    res.json({ template: renameTemplate(db, req.params.id, currentUser(res), name) });
  });

  router.delete('/templates/:id', open('signedIn'), (req, res) => {
    deleteTemplate(db, req.params.id, currentUser(res));
    res.status(204).end();
  });

  return router;
}
