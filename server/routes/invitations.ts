/**
 * Invitation routes. Editors create, list and revoke a paper's links under
 * /papers/:paperId/invitations; anyone holding a link may preview it (GET /invitations/:token,
 * mounted before sign-in is required), and a signed-in person accepts it. Accepting emits
 * 'members:changed'.
 */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import type { AppEvents } from '../events.js';
import { parse } from '../errors.js';
import { createInvitationBody, invitationToken } from '../../shared/invitations.js';
import { acceptInvitation, createInvitation, INVALID_LINK, listOpenInvitations, previewInvitation, revokeInvitation } from '../domain/invitations.js';
import { notFound } from '../errors.js';
import { allow, currentUser, open } from './guards.js';

/** A token from the URL, or the same 404 as an unknown one when it is malformed. */
function tokenParam(raw: unknown): string {
  const parsed = invitationToken.safeParse(raw);
  if (!parsed.success) throw notFound(INVALID_LINK);
  return parsed.data;
}

/** GET /invitations/:token: what a link opens, for anyone holding it (no session needed). */
export function invitationPreviewRoutes({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/invitations/:token', open('anyone'), (req, res) => {
    // The token is in the URL: keep the answer out of every cache, the service worker's included.
    res.set('Cache-Control', 'no-store').json({ invitation: previewInvitation(db, tokenParam(req.params.token)) });
  });
  return router;
}

/** The editors' routes under /papers/:paperId/invitations and the signed-in accept route. */
export function invitationRoutes({ db, events }: { db: Db; events: AppEvents }): Router {
  const router = Router();

  router.post('/invitations/:token/accept', open('signedIn'), (req, res) => {
    const accepted = acceptInvitation(db, tokenParam(req.params.token), currentUser(res));
    if (!accepted.alreadyMember) events.emit('members:changed', accepted.paperId, currentUser(res).id);
    res.json(accepted);
  });

  router.get('/papers/:paperId/invitations', allow('invitations.manage'), (req, res) => {
    res.json({ invitations: listOpenInvitations(db, req.params.paperId) });
  });

  router.post('/papers/:paperId/invitations', allow('invitations.manage'), (req, res) => {
    const created = createInvitation(db, req.params.paperId, currentUser(res), parse(createInvitationBody, req.body));
    res.status(201).json(created);
  });

  router.delete('/papers/:paperId/invitations/:invitationId', allow('invitations.manage'), (req, res) => {
    revokeInvitation(db, req.params.paperId, req.params.invitationId, currentUser(res));
    res.status(204).end();
  });

  return router;
}
