/**
 * Release routes of a paper: freeze a release (editors), list releases, open one's frozen tree
 * and a frozen page's text, and compare two releases (every member). Shapes are shared/releases.ts;
 * the rules are in domain/releases.ts. A changed page's text is compared through the history
 * routes' diff of its two pinned revisions.
 */
import { Router } from 'express';
import { compareReleasesQuery, createReleaseBody } from '../../shared/releases.js';
import { compareReleases, freezeRelease, frozenPageDoc, releaseOf } from '../domain/releases.js';
import { notFound, parse } from '../errors.js';
import { releaseViews } from '../store/releases.js';
import { allow, currentUser } from './guards.js';
import type { RouteDeps } from './index.js';

const BASE = '/papers/:paperId/releases';

/** The /papers/:paperId/releases routes (membership already checked in index.ts). */
export function releaseRoutes({ db, collab, events }: Pick<RouteDeps, 'db' | 'collab' | 'events'>): Router {
  const router = Router();

  router.get(BASE, allow('paper.read'), (req, res) => {
    res.json({ releases: releaseViews(db, req.params.paperId) });
  });

  router.post(BASE, allow('paper.release'), async (req, res) => {
    const { name, reason } = parse(createReleaseBody, req.body);
    const result = await freezeRelease(db, collab, events, { paperId: req.params.paperId, actor: currentUser(res), name, reason });
    if (!result.ok) {
      // Only editors get here, who see findings in full on the check; this lists where they are.
      const findings = result.findings.map((f) => ({ id: f.id, kind: f.kind, place: f.place, pageId: f.pageId, pageTitle: f.pageTitle, pageNumber: f.pageNumber }));
      res.status(409).json({ error: { code: 'confidentiality', message: result.message, findings } });
      return;
    }
    res.status(201).json({ release: result.release });
  });

  // Before /:releaseId, so "compare" is not taken for an id.
  router.get(`${BASE}/compare`, allow('paper.read'), async (req, res) => {
    const { from, to } = parse(compareReleasesQuery, req.query);
    res.json(await compareReleases(db, collab, req.params.paperId, from, to));
  });

  router.get(`${BASE}/:releaseId`, allow('paper.read'), (req, res) => {
    res.json(releaseOf(db, req.params.paperId, req.params.releaseId));
  });

  router.get(`${BASE}/:releaseId/pages/:pageId`, allow('paper.read'), async (req, res) => {
    const { release } = releaseOf(db, req.params.paperId, req.params.releaseId);
    const frozen = await frozenPageDoc(db, collab, release.id, req.params.pageId);
    if (!frozen) throw notFound('This release has no such page.');
    res.json(frozen);
  });

  return router;
}
