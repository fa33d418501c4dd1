/**
 * File routes of a paper (shared/files.ts): upload a file to a page, list a page's attachments,
 * download a file, remove an attachment. An upload's body is the raw bytes, read here and nowhere
 * else (the /api JSON parser skips this route, see isFileUpload); its declared length is checked
 * against the limit before any of it is read, and reading stops at the limit for a body that
 * arrives without one. A download carries the type detected at upload, `nosniff`, and a policy
 * that forbids everything and sandboxes the document, so even a file opened directly cannot run
 * script; only plain images are shown inline, everything else (SVG included) is a download.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { resolve } from 'node:path';
import { INLINE_TYPES, tooLargeMessage, uploadFileQuery, uploadLimit, type FilePurpose } from '../../shared/files.js';
import { HttpError, badRequest, notFound, parse, tooLarge } from '../errors.js';
import { checkUploadTarget, fileToServe, pageAttachments, removeAttachment, uploadFile } from '../domain/files.js';
import { contentDisposition } from '../files/fileNames.js';
import type { FileRow } from '../store/files.js';
import { allow, currentRole, currentUser } from './guards.js';
import type { RouteDeps } from './index.js';

const PAGE_FILES = '/papers/:paperId/pages/:pageId/files';
const FILE = '/papers/:paperId/files/:fileId';
const UPLOAD_PATH = /^\/papers\/[^/]+\/pages\/[^/]+\/files\/?$/;

/** The policy of every file response: nothing may load or run, and the document is sandboxed. */
export const FILE_CSP = "default-src 'none'; sandbox";

/** Whether a request (relative to /api) is an upload, whose body only the upload route may read. */
export function isFileUpload(req: Request): boolean {
  return req.method === 'POST' && UPLOAD_PATH.test(req.path);
}

/** The file routes (membership already checked in index.ts). */
export function fileRoutes({ db, events, blobs }: Pick<RouteDeps, 'db' | 'events' | 'blobs'>): Router {
  const router = Router();
  const bodyReaders: Record<FilePurpose, RequestHandler> = {
    image: express.raw({ type: () => true, limit: uploadLimit('image'), inflate: false }),
    attachment: express.raw({ type: () => true, limit: uploadLimit('attachment'), inflate: false }),
  };

  router.post(
    PAGE_FILES,
    allow('page.edit'),
    // Refuse before reading: a body that cannot be kept is not worth receiving.
    (req, res, next) => {
      const { purpose } = parse(uploadFileQuery, req.query);
      checkUploadTarget(db, req.params.paperId, req.params.pageId, currentRole(res));
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > uploadLimit(purpose)) throw tooLarge(tooLargeMessage(purpose, declared));
      bodyReaders[purpose](req, res, (err?: unknown) => next(err === undefined ? undefined : bodyError(err, purpose)));
    },
    async (req, res) => {
      const { purpose, name } = parse(uploadFileQuery, req.query);
      const { paperId, pageId } = req.params;
      const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0);
      const file = await uploadFile(db, blobs, { paperId, pageId, actor: currentUser(res), role: currentRole(res), name, purpose, bytes });
      if (purpose === 'attachment') events.emit('files:changed', paperId, pageId);
      res.status(201).json({ file });
    },
  );

  router.get(PAGE_FILES, allow('page.read'), (req, res) => {
    res.json({ files: pageAttachments(db, req.params.paperId, req.params.pageId) });
  });

  router.get(FILE, allow('page.read'), (req, res, next) => {
    const row = fileToServe(db, req.params.paperId, req.params.fileId);
    setFileHeaders(res, row);
    if (matchesEtag(req.headers['if-none-match'], row.sha256)) {
      res.status(304).end();
      return;
    }
    // The path comes from the row's SHA-256 alone (pathOf refuses anything else), never from a name.
    res.sendFile(resolve(blobs.pathOf(row.sha256)), { dotfiles: 'allow', etag: false, lastModified: false, cacheControl: false }, (err?: Error) => {
      if (!err) return;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !res.headersSent) {
        // The error is JSON, not the file: its type and name must not go with it.
        for (const header of ['Content-Type', 'Content-Disposition', 'ETag']) res.removeHeader(header);
        return next(notFound('This file’s contents are missing on the server. Ask an editor to upload it again.'));
      }
      if (!res.headersSent) next(err);
    });
  });

  router.delete(FILE, allow('page.edit'), (req, res) => {
    const row = removeAttachment(db, { paperId: req.params.paperId, fileId: req.params.fileId, actor: currentUser(res), role: currentRole(res) });
    if (row.pageId) events.emit('files:changed', row.paperId, row.pageId);
    res.status(204).end();
  });

  return router;
}

/** The body reader's errors as sentences (the error middleware would call the unknown ones a server fault). */
function bodyError(err: unknown, purpose: FilePurpose): unknown {
  const e = err as { type?: string; length?: number; status?: number };
  switch (e.type) {
    case 'entity.too.large':
      return tooLarge(tooLargeMessage(purpose, typeof e.length === 'number' ? e.length : null));
    case 'encoding.unsupported':
      return new HttpError(415, 'unsupported_encoding', 'Send the file as it is, without a Content-Encoding.');
    case 'request.aborted':
    case 'request.size.invalid':
      return badRequest('The file did not arrive whole. Try uploading it again.');
    default:
      return typeof e.status === 'number' && e.status < 500 ? badRequest('The file could not be read from the request. Try uploading it again.') : err;
  }
}

/** The headers of a file response: its true type, how to show it, and the strictest policy. */
function setFileHeaders(res: Response, row: FileRow): void {
  const inline = INLINE_TYPES.includes(row.contentType);
  // SVG may carry script: it is only ever a download, and not even labelled as SVG.
  const type = row.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : row.contentType === 'image/svg+xml' ? 'application/octet-stream' : row.contentType;
  res.setHeader('Content-Type', type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', FILE_CSP);
  res.setHeader('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', row.name));
  // Revalidated every time, so a removed attachment or a removed member stops being served at once.
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('ETag', `"${row.sha256}"`);
}

/** Whether If-None-Match names this file's ETag (or is "*"); weak and strong forms both match. */
function matchesEtag(header: string | undefined, sha256: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === `"${sha256}"`;
  });
}
