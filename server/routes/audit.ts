/**
 * Reading a paper's audit trail: a page at a time as JSON, or everything matching as a CSV
 * download. Editors only (the matrix's 'audit.read'); membership is checked by index.ts, so a
 * non-member gets 404. There is no route that changes or deletes an entry, and the table's
 * triggers refuse it anyway.
 */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import { parse } from '../errors.js';
import { auditQuery } from '../../shared/api.js';
import { auditEntries, auditPage } from '../store/audit.js';
import { csvRow } from '../domain/csv.js';
import { allow } from './guards.js';

const CSV_COLUMNS = ['id', 'at', 'action', 'actor_id', 'actor_name', 'target', 'detail', 'ip'];

/** The /papers/:paperId/audit routes. */
export function auditRoutes({ db }: { db: Db }): Router {
  const router = Router();
  const editorOnly = allow('audit.read');

  router.get('/papers/:paperId/audit', editorOnly, (req, res) => {
    const query = parse(auditQuery, req.query);
    res.set('Cache-Control', 'no-store').json(auditPage(db, String(req.params.paperId), query));
  });

  router.get('/papers/:paperId/audit.csv', editorOnly, (req, res) => {
    const paperId = String(req.params.paperId);
    const { action, actor, from, to } = parse(auditQuery, req.query);
    const day = new Date().toISOString().slice(0, 10);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="quire-audit-${paperId}-${day}.csv"`,
      'Cache-Control': 'no-store',
    });
    // A byte-order mark, so spreadsheet programs read the file as UTF-8 (names with accents).
    let body = '\uFEFF' + csvRow(CSV_COLUMNS);
    for (const e of auditEntries(db, paperId, { action, actor, from, to })) {
      body += csvRow([e.id, e.at, e.action, e.actor.id, e.actor.name, e.target, e.detail, e.ip]);
    }
    res.send(body);
  });

  return router;
}
