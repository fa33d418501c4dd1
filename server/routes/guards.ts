/**
 * Request guards for the API: refuse state changes from other sites, require a signed-in user,
 * require membership of the paper in the URL, and allow a route's action only to the roles the
 * matrix (shared/permissions.ts) grants it. A non-member gets 404 for anything under a paper,
 * exactly like an unknown paper, so ids do not leak. Each route declares its access with one
 * guard (`allow(action)`, `open('anyone' | 'signedIn')`); the guard carries that declaration so
 * routeTable() can read every route's access off the Express stack.
 */
import type { RequestHandler, Response, Router } from 'express';
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { Role } from '../../shared/roles.js';
import { can, refusalMessage, type Action, type OpenAccess, type PaperPermissionSettings, type RouteAccess } from '../../shared/permissions.js';
import { forbidden, notFound, unauthenticated } from '../errors.js';
import { memberAccess, originAllowed } from '../domain/access.js';
import { userForCookie, type SessionUser } from '../domain/sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ACCESS = Symbol('quire.routeAccess');
const OPEN_BY_DEFAULT = Symbol('quire.openByDefault');

/** Route parameters as strings (every Quire route names single segments). */
type Params = Record<string, string>;
type Declared = RequestHandler<Params> & { [ACCESS]?: RouteAccess };

function declare<T extends RequestHandler<Params>>(handler: T, access: RouteAccess): T {
  (handler as Declared)[ACCESS] = access;
  return handler;
}

/** Refuses a state-changing request whose Origin header names a site that is not allowed (CSRF defence). */
export function refuseOtherOrigins(config: Config): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || originAllowed(config, req.headers.origin, req.headers.host)) return next();
    next(forbidden('Requests from other sites are refused.'));
  };
}

/** Requires a live session; puts its user in res.locals for currentUser(). Declares a route as signed-in only. */
export function requireUser(db: Db, config: Config): RequestHandler<Params> {
  return declare<RequestHandler<Params>>((req, res, next) => {
    const user = userForCookie(db, config, req.headers.cookie);
    if (!user) return next(unauthenticated());
    res.locals.user = user;
    next();
  }, { open: 'signedIn' });
}

/** Requires membership of req.params.paperId (404 otherwise); puts the role and paper settings in res.locals. */
export function requireMember(db: Db): RequestHandler {
  return (req, res, next) => {
    const access = memberAccess(db, String(req.params.paperId ?? ''), currentUser(res).id);
    if (!access) return next(notFound());
    res.locals.role = access.role;
    res.locals.paperSettings = access.settings;
    next();
  };
}

/** Allows the route only to members whose role the matrix grants `action` (403 otherwise); use under requireMember. */
export function allow(action: Action): RequestHandler<Params> {
  return declare<RequestHandler<Params>>((_req, res, next) => {
    const settings = res.locals.paperSettings as PaperPermissionSettings | undefined;
    if (!can(currentRole(res), action, settings)) return next(forbidden(refusalMessage(action)));
    next();
  }, { action });
}

/** Declares a route outside any paper: open to anyone, or to anyone signed in (401 otherwise). */
export function open(access: OpenAccess): RequestHandler<Params> {
  return declare<RequestHandler<Params>>((_req, res, next) => {
    if (access === 'signedIn' && !res.locals.user) return next(unauthenticated());
    next();
  }, { open: access });
}

/** Marks every route of a router that declares nothing as open to anyone (the sign-in routes, which come before requireUser). */
export function openByDefault(router: Router): Router {
  (router as unknown as Record<symbol, boolean>)[OPEN_BY_DEFAULT] = true;
  return router;
}

/** One route of the API as registered in Express, with the access it declares (undefined: none). */
export interface RouteEntry {
  method: string;
  path: string;
  access: RouteAccess | undefined;
}

interface StackLayer {
  handle: Declared & { stack?: StackLayer[] } & Record<symbol, unknown>;
  route?: { path: string | string[]; methods: Record<string, boolean>; stack: { method?: string; handle: Declared }[] };
}

/** Every route registered on a router (and the routers mounted on it without a path), with its declared access. */
export function routeTable(router: Router): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: StackLayer[], openDefault: boolean) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          const handlers = layer.route.stack.filter((l) => !l.method || l.method === method).map((l) => l.handle);
          const declared = handlers.map((h) => h[ACCESS]).filter((a): a is RouteAccess => !!a);
          // The most specific declaration wins: an action over signed-in over anyone.
          const access = declared.find((a) => 'action' in a) ?? declared.find((a) => 'open' in a && a.open === 'signedIn') ?? declared[0] ?? (openDefault ? { open: 'anyone' as const } : undefined);
          for (const path of ([] as string[]).concat(layer.route.path)) out.push({ method: method.toUpperCase(), path, access });
        }
      } else if (Array.isArray(layer.handle.stack)) {
        walk(layer.handle.stack, openDefault || layer.handle[OPEN_BY_DEFAULT] === true);
      }
    }
  };
  walk((router as unknown as { stack: StackLayer[] }).stack, false);
  return out;
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
