/**
 * Confidentiality check routes: scanning the paper for what looks like patient-identifiable data
 * (whoever may export may check first; only those who may release see findings in full) and
 * acknowledging findings with a reason (editors). A scan given a checkId reports its progress to
 * the person's own sockets ('confidentiality:progress'). Export and release call confidentialityGate()
 * from domain/confidentiality.ts rather than these routes.
 */
import { Router } from 'express';
import type { RouteDeps } from './index.js';
import { parse } from '../errors.js';
import { can } from '../../shared/permissions.js';
import { acknowledgeBody, scanBody } from '../../shared/confidentialityApi.js';
import { acknowledgeFindings, scanPaper } from '../domain/confidentiality.js';
import { allow, currentRole, currentUser } from './guards.js';

/** The /papers/:paperId/confidentiality routes (membership already checked). */
export function confidentialityRoutes({ db, collab, events }: Pick<RouteDeps, 'db' | 'collab' | 'events'>): Router {
  const router = Router();

  router.post('/papers/:paperId/confidentiality/scan', allow('paper.export'), async (req, res) => {
    const { checkId } = parse(scanBody, req.body);
    const full = can(currentRole(res), 'paper.release');
    const paperId = req.params.paperId;
    const user = currentUser(res);
    // Progress goes to the person's own sockets, for the check they named.
    const progress = checkId ? (done: number, of: number) => events.emit('confidentiality:progress', user.id, { paperId, checkId, done, of }) : undefined;
    res.json(await scanPaper(db, collab, paperId, full, progress));
  });

  router.post('/papers/:paperId/confidentiality/acknowledge', allow('paper.release'), async (req, res) => {
    const body = parse(acknowledgeBody, req.body);
    res.json(await acknowledgeFindings(db, collab, req.params.paperId, currentUser(res), body));
  });

  return router;
}
