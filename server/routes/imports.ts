/**
 * Import routes (shared/imports.ts): send a file and get a preview, confirm a preview into pages,
 * or drop it. The file's bytes are the body of the first route, read here and nowhere else (the
 * /api JSON parser skips it, see isImportUpload), after the role check, up to the import limit: a
 * declared length over it is refused before anything is read, and converted in the app's import
 * worker thread (deps.importer). Previews live in this router's ImportSessions; a confirmed import
 * emits 'tree:changed'.
 */
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { RouteDeps } from './index.js';
import { parse, tooLarge } from '../errors.js';
import { allow, currentUser } from './guards.js';
import { confirmImportBody, type ImportResult } from '../../shared/imports.js';
import { limits } from '../../shared/limits.js';
import { formatBytes } from '../../shared/files.js';
import { cancelImport, confirmImport, importSessions, previewImport } from '../domain/imports.js';
import { ImportThread } from '../import/importThread.js';

const IMPORT_PATH = /^\/papers\/[^/]+\/imports\/?$/;
const TOO_LARGE = `The file is larger than ${formatBytes(limits.importBytes)}, the most one import may bring in. Split it into smaller files, or take out large pictures, and choose it again.`;

const previewQuery = z.object({
  name: z
    .string({ error: 'Give the file name, as ?name=report.docx.' })
    .trim()
    .min(1, 'Give the file name, as ?name=report.docx.')
    .max(1000, 'The file name is too long.'),
});

/** Whether a request (relative to /api) sends a file to import, whose body only the import route may read. */
export function isImportUpload(req: Request): boolean {
  return req.method === 'POST' && IMPORT_PATH.test(req.path);
}

/** The /papers/:paperId/imports routes (membership already checked in index.ts). */
export function importRoutes({ db, events, blobs, importer: given }: Pick<RouteDeps, 'db' | 'events' | 'blobs' | 'importer'>): Router {
  const router = Router();
  // A router built only to list its routes has no app to close a converter: its own starts no thread until a file comes.
  const importer = given ?? new ImportThread(console.error);
  const sessions = importSessions(db);
  const readBody = express.raw({ type: () => true, limit: limits.importBytes, inflate: false });

  router.post(
    '/papers/:paperId/imports',
    allow('page.create'),
    (req, res, next) => {
      parse(previewQuery, req.query);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.importBytes) throw tooLarge(TOO_LARGE);
      readBody(req, res, (err?: unknown) => next((err as { type?: string } | undefined)?.type === 'entity.too.large' ? tooLarge(TOO_LARGE) : err));
    },
    async (req, res) => {
      const { name } = parse(previewQuery, req.query);
      const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0);
      const preview = await previewImport({ db, blobs, sessions, importer }, { paperId: req.params.paperId, user: currentUser(res), name, bytes });
      // Already JSON text (ImportPreview): a big document is not parsed or written again here.
      res.status(200).type('json').send(preview);
    },
  );

  router.post('/papers/:paperId/imports/:importId', allow('page.create'), (req, res) => {
    const body = parse(confirmImportBody, req.body);
    const pages = confirmImport(db, sessions, { paperId: req.params.paperId, importId: req.params.importId, actor: currentUser(res), body });
    events.emit('tree:changed', req.params.paperId);
    const result: ImportResult = { pages };
    res.status(201).json(result);
  });

  router.delete('/papers/:paperId/imports/:importId', allow('page.create'), (req, res) => {
    cancelImport(sessions, { paperId: req.params.paperId, importId: req.params.importId, userId: currentUser(res).id });
    res.status(204).end();
  });

  return router;
}
