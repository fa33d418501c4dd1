/**
 * The HTTP API, mounted at /api after express.json(). Order matters: other-site writes are
 * refused first, then the account routes (some need no session), then everything else needs a
 * session, and anything under /papers/:paperId needs membership of that paper.
 */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { AppEvents } from '../events.js';
import { refuseOtherOrigins, requireMember, requireUser } from './guards.js';
import { authRoutes } from './auth.js';
import { paperRoutes } from './papers.js';
import { memberRoutes } from './members.js';
import { pageRoutes } from './pages.js';

/** Builds the /api router. */
export function apiRouter(deps: { db: Db; config: Config; events: AppEvents }): Router {
  const router = Router();
  router.use(refuseOtherOrigins(deps.config));
  router.use(authRoutes(deps));
  router.use(requireUser(deps.db, deps.config));
  router.use('/papers/:paperId', requireMember(deps.db));
  router.use(paperRoutes(deps));
  router.use(memberRoutes(deps));
  router.use(pageRoutes(deps));
  return router;
}
