/**
 * createApp wires Quire together without listening: the HTTP API, the built client, the
 * collaboration endpoint and the socket.io channel, all on one http.Server. main.ts listens;
 * tests call createApp with their own database and listen on port 0.
 */
import express from 'express';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './store/database.js';
import type { Config } from './config.js';
import { AppEvents } from './events.js';
import { errorMiddleware, notFound } from './errors.js';
import { securityHeaders } from './securityHeaders.js';
import { apiRouter } from './routes/index.js';
import { isFileUpload } from './routes/files.js';
import { isImportUpload } from './routes/imports.js';
import { ImportThread } from './import/importThread.js';
import { CollabServer } from './collab/server.js';
import { blobStoreFor, type BlobStore } from './files/blobStore.js';
import { attachRealtime, type Realtime } from './realtime/realtime.js';
import { notifyOnEvents } from './domain/notifications.js';
import { PageIndexer } from './search/pageIndexer.js';
import { COLLAB_PATH } from '../shared/collab.js';
import { limits } from '../shared/limits.js';

export interface AppDeps {
  db: Db;
  config: Config;
  log?: (...args: unknown[]) => void;
}

export interface QuireApp {
  server: Server;
  events: AppEvents;
  collab: CollabServer;
  realtime: Realtime;
  /** Files' bytes, content-addressed under the data folder. */
  blobs: BlobStore;
  /** Stops accepting, stores every received update, closes every connection. The db stays open. */
  close(): Promise<void>;
}

/** Builds the whole Quire server on an unbound http.Server. */
export function createApp({ db, config, log = console.error }: AppDeps): QuireApp {
  const events = new AppEvents();
  const collab = new CollabServer({ db, config, events, log });
  const blobs = blobStoreFor(config.dataDir);
  // Import conversion runs in a worker thread, started by the first import and stopped with the app.
  const importer = new ImportThread(log);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders(config));
  // An upload's body is the file's own bytes, read only by its route (routes/files.ts, routes/imports.ts), whatever its Content-Type says.
  const json = express.json({ limit: limits.requestBodyBytes });
  app.use('/api', (req, res, next) => (isFileUpload(req) || isImportUpload(req) ? next() : json(req, res, next)), apiRouter({ db, config, events, collab, blobs, importer }));
  app.use('/api', (_req, _res, next) => next(notFound('No such API route.')));

  const indexHtml = join(config.clientDir, 'index.html');
  app.use(express.static(config.clientDir, { index: false, maxAge: '1h', setHeaders: noCacheForServiceWorker }));
  app.get(/^\/(?!api\/|collab\/|socket\.io\/).*/, (_req, res) => {
    if (!existsSync(indexHtml)) {
      res.status(503).type('text/plain').send('The Quire client is not built yet. Run "npm run build" (npm start does this for you).');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexHtml);
  });
  app.use(errorMiddleware(log));

  const server = createServer(app);
  const realtime = attachRealtime(server, { db, config, events, log });
  // Membership changes reach open editing connections too, within the same event-loop turn.
  events.on('members:changed', (paperId, userId) => collab.refreshAccess(paperId, userId));
  events.on('page:status_changed', (change) => collab.refreshPageAccess(change.pageId));
  // Comments and status changes become notifications (which realtime then sends to each person).
  const stopNotifications = notifyOnEvents({ db, events, log });
  // Search follows edits and tree changes, and catches up on pages changed while it was not running.
  const searchIndexer = new PageIndexer({ db, events, states: collab, log });
  searchIndexer.catchUp();
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith(COLLAB_PATH + '/')) collab.handleUpgrade(req, socket, head);
  });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await searchIndexer.stop();
      await collab.close();
      stopNotifications();
      await realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await importer.close();
    })());

  return { server, events, collab, realtime, blobs, close };
}

function noCacheForServiceWorker(res: express.Response, path: string) {
  if (path.endsWith('sw.js') || path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
}
