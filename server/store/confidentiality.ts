/**
 * The confidentiality acknowledgements of each paper: who acknowledged which findings (by id and
 * kind, never their text), when and why; and the paper's own fields the check reads.
 */
import type { Db } from './database.js';
import { newId, nowIso } from './ids.js';
import type { AcknowledgementView, PaperField } from '../../shared/confidentialityApi.js';
import type { FindingKind } from '../../shared/confidentiality.js';

/** The paper's own text (title, subtitle, description and the cover's text fields), or null if there is no such paper. */
export function paperTextFields(db: Db, paperId: string): Record<PaperField, string> | null {
  return (
    (db
      .prepare('SELECT title, subtitle, description, organisation, edited_by AS editedBy, summary, acknowledgements FROM papers WHERE id = ?')
      .get(paperId) as Record<PaperField, string> | undefined) ?? null
  );
}

/** Stores one acknowledgement of these findings and returns its id and time. */
export function insertAcknowledgement(
  db: Db,
  input: { paperId: string; actorId: string; reason: string; findings: readonly { id: string; kind: FindingKind }[] },
): { id: string; at: string } {
  const id = newId();
  const at = nowIso();
  db.prepare('INSERT INTO confidentiality_acknowledgements (id, paper_id, acknowledged_by, acknowledged_at, reason) VALUES (?, ?, ?, ?, ?)').run(id, input.paperId, input.actorId, at, input.reason);
  const insert = db.prepare('INSERT OR IGNORE INTO confidentiality_acknowledged_findings (acknowledgement_id, finding_id, kind) VALUES (?, ?, ?)');
  for (const finding of input.findings) insert.run(id, finding.id, finding.kind);
  return { id, at };
}

/** The latest acknowledgement of each finding id ever acknowledged in a paper. */
export function acknowledgedFindings(db: Db, paperId: string): Map<string, AcknowledgementView> {
  const rows = db
    .prepare(
      `SELECT f.finding_id, a.acknowledged_by, u.name, a.acknowledged_at, a.reason
         FROM confidentiality_acknowledged_findings f
         JOIN confidentiality_acknowledgements a ON a.id = f.acknowledgement_id
         LEFT JOIN users u ON u.id = a.acknowledged_by
        WHERE a.paper_id = ?
        ORDER BY a.acknowledged_at, a.rowid`,
    )
    .all(paperId) as { finding_id: string; acknowledged_by: string | null; name: string | null; acknowledged_at: string; reason: string }[];
  const out = new Map<string, AcknowledgementView>();
  // Later rows replace earlier ones: a finding shows its most recent acknowledgement.
  for (const row of rows) out.set(row.finding_id, { by: { id: row.acknowledged_by ?? '', name: row.name ?? 'A former member' }, at: row.acknowledged_at, reason: row.reason });
  return out;
}
