/**
 * Export routes: start an export job of the whole paper or one chapter, from the live paper or a
 * release, in one format (202 with the job); read a job; cancel it; download its file. Only the
 * person who started a job can see it. An export is refused (409, with the number of findings)
 * while the confidentiality check has findings nobody acknowledged. The finished export is audited
 * ('paper.exported', with format, scope and source). Pictures are read from this paper's own files
 * (export/images.ts). Jobs live in this router's ExportJobs.
 */
import { Router } from 'express';
import type { RouteDeps } from './index.js';
import { HttpError, notFound, parse } from '../errors.js';
import { FORMAT_INFO, fileSlug, startExportBody, type StartExportBody, type StartExportResult } from '../../shared/export.js';
import { allow, currentUser } from './guards.js';
import { paperForUser } from '../store/papers.js';
import { confidentialityGate } from '../domain/confidentiality.js';
import { recordAudit } from '../domain/audit.js';
import { assembleExport, outline } from '../export/assemble.js';
import { sourceFor } from '../export/source.js';
import { storedImages } from '../export/images.js';
import { ExportThread } from '../export/exportThread.js';
import { ExportJobs } from '../export/jobs.js';
import { today } from '../export/dates.js';

/** The sentence of a refusal by the confidentiality check. */
export function findingsMessage(count: number): string {
  return `The confidentiality check found ${count} ${count === 1 ? 'thing' : 'things'} that may identify patients and ${count === 1 ? 'has' : 'have'} not been acknowledged. Fix ${count === 1 ? 'it' : 'them'}, or ask an editor to acknowledge ${count === 1 ? 'it' : 'them'}, before exporting.`;
}

/** The /papers/:paperId/exports routes (membership already checked). */
export function exportRoutes({ db, collab, events, blobs }: Pick<RouteDeps, 'db' | 'collab' | 'events' | 'blobs'>): Router {
  const router = Router();
  const writer = new ExportThread((...args) => console.error(...args));
  const jobs = new ExportJobs({ onProgress: (userId, progress) => events.emit('export:progress', userId, progress), log: (err) => console.error(err) });

  router.post('/papers/:paperId/exports', allow('paper.export'), async (req, res) => {
    const body: StartExportBody = parse(startExportBody, req.body);
    const paperId = req.params.paperId;
    const user = currentUser(res);
    const paper = paperForUser(db, paperId, user.id);
    if (!paper) throw notFound();
    const source = sourceFor(db, collab, paperId, body.source, today());
    // A chapter that is not in the source is refused now, not as a failed job.
    const pages = source.pages();
    const chapter = body.scope.kind === 'chapter' ? body.scope.pageId : null;
    const numbered = chapter ? outline(pages).find((s) => s.pageId === chapter) : null;
    if (chapter && !numbered) throw notFound(body.source.kind === 'live' ? 'That chapter is not in the paper (it may have been deleted).' : 'That chapter is not in this release.');
    const gate = await confidentialityGate(db, collab, paperId);
    if (!gate.ok) throw new HttpError(409, 'confidentiality', findingsMessage(gate.findings.length), { findings: String(gate.findings.length) });

    const info = FORMAT_INFO[body.format];
    const fileName = `${fileSlug(paper.title)}${numbered ? `-${numbered.number ? `chapter-${numbered.number.replace(/\./g, '-')}` : fileSlug(numbered.title)}` : ''}.${info.extension}`;
    const job = jobs.start(user.id, { paperId, format: body.format, scope: body.scope, source: body.source }, async (signal, progress) => {
      const doc = await assembleExport({ db, paper, source, scope: body.scope, signal, onProgress: progress, images: storedImages(db, blobs, paperId) });
      const written = await writer.write(body.format, doc, signal);
      signal.throwIfAborted();
      db.transaction(() => {
        recordAudit(db, { paperId, actor: user, action: 'paper.exported', target: chapter, detail: { format: body.format, scope: body.scope.kind, source: body.source.kind, ...(body.source.kind === 'release' ? { releaseId: body.source.releaseId } : {}) } });
      })();
      return { body: Buffer.from(written), fileName, contentType: info.contentType };
    });
    const result: StartExportResult = { jobId: job.jobId, job };
    res.status(202).json(result);
  });

  router.get('/papers/:paperId/exports/:jobId', allow('paper.export'), (req, res) => {
    res.json({ job: jobs.view(currentUser(res).id, req.params.paperId, req.params.jobId) });
  });

  router.delete('/papers/:paperId/exports/:jobId', allow('paper.export'), (req, res) => {
    res.json({ job: jobs.cancel(currentUser(res).id, req.params.paperId, req.params.jobId) });
  });

  router.get('/papers/:paperId/exports/:jobId/download', allow('paper.export'), (req, res) => {
    const file = jobs.file(currentUser(res).id, req.params.paperId, req.params.jobId);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.body);
  });

  return router;
}
