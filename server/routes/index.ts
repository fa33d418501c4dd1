/**
 * The HTTP API, mounted at /api after express.json(). Order matters: other-site writes are
 * refused first, then the routes that need no session (account, invitation preview), then
 * everything else needs a session, and anything under /papers/:paperId needs membership of that
 * paper. Every route declares its access with one guard (see guards.ts); the permission-matrix
 * test reads them all back with routeTable() and fails on a route that declares none.
 */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { AppEvents } from '../events.js';
import type { CollabServer } from '../collab/server.js';
import type { BlobStore } from '../files/blobStore.js';
import type { ImportThread } from '../import/importThread.js';
import { openByDefault, refuseOtherOrigins, requireMember, requireUser } from './guards.js';
import { authRoutes } from './auth.js';
import { paperRoutes } from './papers.js';
import { memberRoutes } from './members.js';
import { pageRoutes } from './pages.js';
import { historyRoutes } from './history.js';
import { auditRoutes } from './audit.js';
import { accountRoutes } from './account.js';
import { invitationPreviewRoutes, invitationRoutes } from './invitations.js';
import { commentRoutes } from './comments.js';
import { labelRoutes } from './labels.js';
import { pageStatusRoutes } from './pageStatus.js';
import { notificationRoutes } from './notifications.js';
import { templateRoutes } from './templates.js';
import { confidentialityRoutes } from './confidentiality.js';
import { exportRoutes } from './export.js';
import { releaseRoutes } from './releases.js';
import { dashboardRoutes } from './dashboard.js';
import { fileRoutes } from './files.js';
import { searchRoutes } from './search.js';
import { importRoutes } from './imports.js';

/** What every group of routes may use. `collab` reaches live page documents (history, comments); `blobs` holds files' bytes. */
export interface RouteDeps {
  db: Db;
  config: Config;
  events: AppEvents;
  collab: CollabServer;
  blobs: BlobStore;
  /** The app's import converter (a worker thread the app closes); a router built only to list routes may leave it out. */
  importer?: ImportThread;
}

/** Builds the /api router. */
export function apiRouter(deps: RouteDeps): Router {
  const router = Router();
  router.use(refuseOtherOrigins(deps.config));
  // The account routes come before a session is required; those that need one say so with requireUser.
  router.use(openByDefault(authRoutes(deps)));
  router.use(invitationPreviewRoutes(deps));
  router.use(requireUser(deps.db, deps.config));
  router.use('/papers/:paperId', requireMember(deps.db));
  router.use(paperRoutes(deps));
  router.use(memberRoutes(deps));
  router.use(pageRoutes(deps));
  router.use(historyRoutes(deps));
  router.use(commentRoutes(deps));
  router.use(labelRoutes(deps));
  router.use(pageStatusRoutes(deps));
  router.use(auditRoutes(deps));
  router.use(accountRoutes(deps));
  router.use(invitationRoutes(deps));
  router.use(notificationRoutes(deps));
  router.use(templateRoutes(deps));
  router.use(confidentialityRoutes(deps));
  router.use(exportRoutes(deps));
  router.use(releaseRoutes(deps));
  router.use(dashboardRoutes(deps));
  router.use(fileRoutes(deps));
  router.use(searchRoutes(deps));
  router.use(importRoutes(deps));
  return router;
}
