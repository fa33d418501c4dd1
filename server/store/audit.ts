/**
 * Reading the audit trail (domain/audit.ts writes it). Rows are shown as they were written,
 * except that an actor whose account has since been deleted reads "Former member": the stored
 * row keeps the name copied at the time (the table is append-only), the views do not repeat it.
 */
import type { Db } from './database.js';
import type { AuditEntryView, AuditQuery } from '../../shared/api.js';
import { FORMER_MEMBER } from './users.js';

interface AuditRow {
  id: number;
  at: string;
  paper_id: string | null;
  actor_id: string | null;
  actor_name: string;
  actor_deleted: number;
  action: AuditEntryView['action'];
  target: string | null;
  detail: string;
  ip: string | null;
}

/** The filters of a paper's trail, without paging. */
export type AuditFilter = Pick<AuditQuery, 'action' | 'actor' | 'from' | 'to'>;

const SELECT = `SELECT a.id, a.at, a.paper_id, a.actor_id, a.actor_name, u.deleted_at IS NOT NULL AS actor_deleted,
    a.action, a.target, a.detail, a.ip
  FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id`;

const parseDetail = (text: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

const toView = (row: AuditRow): AuditEntryView => ({
  id: row.id,
  at: row.at,
  action: row.action,
  actor: { id: row.actor_id, name: row.actor_deleted ? FORMER_MEMBER : row.actor_name },
  target: row.target,
  detail: parseDetail(row.detail),
  ip: row.ip,
});

/** A date alone ("2026-03-31") as `to` means the end of that day. */
const endOf = (to: string) => (/^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : new Date(to).toISOString());
const startOf = (from: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(from) ? `${from}T00:00:00.000Z` : from).toISOString();
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(paperId: string, filter: AuditFilter, before?: number): { sql: string; params: unknown[] } {
  const clauses = ['a.paper_id = ?'];
  const params: unknown[] = [paperId];
  if (filter.action) {
    clauses.push('a.action = ?');
    params.push(filter.action);
  }
  if (filter.actor) {
    // A person is matched by id, or by part of the name shown (a deleted account only as "Former member").
    clauses.push(`(a.actor_id = ? OR (CASE WHEN u.deleted_at IS NULL THEN a.actor_name ELSE ? END) LIKE ? ESCAPE '\\')`);
    params.push(filter.actor, FORMER_MEMBER, `%${escapeLike(filter.actor)}%`);
  }
  if (filter.from) {
    clauses.push('a.at >= ?');
    params.push(startOf(filter.from));
  }
  if (filter.to) {
    clauses.push('a.at <= ?');
    params.push(endOf(filter.to));
  }
  if (before !== undefined) {
    clauses.push('a.id < ?');
    params.push(before);
  }
  return { sql: clauses.join(' AND '), params };
}

/** One page of a paper's trail, newest first, with the cursor of the next (older) page. */
export function auditPage(db: Db, paperId: string, query: AuditQuery): { entries: AuditEntryView[]; nextBefore: number | null } {
  const { sql, params } = where(paperId, query, query.before);
  const rows = db.prepare(`${SELECT} WHERE ${sql} ORDER BY a.id DESC LIMIT ?`).all(...params, query.limit + 1) as AuditRow[];
  const more = rows.length > query.limit;
  const entries = rows.slice(0, query.limit).map(toView);
  return { entries, nextBefore: more ? entries[entries.length - 1].id : null };
}

/** Every entry of a paper's trail matching the filter, newest first, one at a time (for the CSV download). */
export function* auditEntries(db: Db, paperId: string, filter: AuditFilter): Generator<AuditEntryView> {
  const { sql, params } = where(paperId, filter);
  for (const row of db.prepare(`${SELECT} WHERE ${sql} ORDER BY a.id DESC`).iterate(...params) as IterableIterator<AuditRow>) yield toView(row);
}

/** Every entry a person did, or that names them as its target, oldest first (for their own data). */
export function auditEntriesAbout(db: Db, userId: string): (AuditEntryView & { paperId: string | null })[] {
  const rows = db.prepare(`${SELECT} WHERE a.actor_id = ? OR a.target = ? ORDER BY a.id`).all(userId, userId) as AuditRow[];
  return rows.map((row) => ({ ...toView(row), paperId: row.paper_id }));
}
