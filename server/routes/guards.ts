/**
 * Request guards for the API: refuse state changes from other sites, require a signed-in user,
 * and require membership of the paper in the URL with enough rights. A non-member gets 404 for
 * anything under a paper, exactly like an unknown paper, so ids do not leak.
 */
import type { RequestHandler, Response } from 'express';
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { Role } from '../../shared/roles.js';
import { canManage, canWrite } from '../../shared/roles.js';
import { forbidden, notFound, unauthenticated } from '../errors.js';
import { originAllowed, paperRole } from '../domain/access.js';
import { userForCookie, type SessionUser } from '../domain/sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a route needs of the member: any role, write (editor, author) or manage (editor). */
export type Need = 'read' | 'write' | 'manage';

/** Refuses a state-changing request whose Origin header names a site that is not allowed (CSRF defence). */
export function refuseOtherOrigins(config: Config): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || originAllowed(config, req.headers.origin, req.headers.host)) return next();
    next(forbidden('Requests from other sites are refused.'));
  };
}

/** Requires a live session; puts its user in res.locals for currentUser(). */
export function requireUser(db: Db, config: Config): RequestHandler {
  return (req, res, next) => {
    const user = userForCookie(db, config, req.headers.cookie);
    if (!user) return next(unauthenticated());
    res.locals.user = user;
    next();
  };
}

/** Requires membership of req.params.paperId (404 otherwise) and puts the role in res.locals for currentRole(). */
export function requireMember(db: Db): RequestHandler {
  return (req, res, next) => {
    const paperId = String(req.params.paperId ?? '');
    const role = paperRole(db, paperId, currentUser(res).id);
    if (!role) return next(notFound());
    res.locals.role = role;
    next();
  };
}

/** Requires the member's role to allow `need` (403 otherwise); use after requireMember. */
export function requireRole(need: Need): RequestHandler<Record<string, string>> {
  return (_req, res, next) => {
    const role = currentRole(res);
    const allowed = need === 'read' || (need === 'write' ? canWrite(role) : canManage(role));
    if (!allowed) return next(forbidden(need === 'manage' ? 'Only an editor of this paper can do that.' : 'Your role in this paper does not allow changes.'));
    next();
  };
}

/** The signed-in user of a request that passed requireUser. */
export function currentUser(res: Response): SessionUser {
  const user = res.locals.user as SessionUser | undefined;
  if (!user) throw new Error('currentUser() called on a route without requireUser.');
  return user;
}

/** The member's role in the URL's paper, for a request that passed requireMember. */
export function currentRole(res: Response): Role {
  const role = res.locals.role as Role | undefined;
  if (!role) throw new Error('currentRole() called on a route without requireMember.');
  return role;
}
