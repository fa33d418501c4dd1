/**
 * Revisions people ask for: naming the page's current version, and restoring an older version as
 * a new change. A restore never loses anything: the text it replaces is kept in a revision first,
 * the restore is applied to the live page as the smallest change y-prosemirror finds (so people
 * editing see the page change under them and keep their cursors), and the result is itself a
 * revision. Both are written to the audit trail in the revision's transaction.
 */
import { updateYFragment } from 'y-prosemirror';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import type { RevisionView } from '../../shared/history.js';
import type { CollabServer } from '../collab/server.js';
import { pageAccess } from '../domain/access.js';
import { recordAudit } from '../domain/audit.js';
import type { SessionUser } from '../domain/sessions.js';
import { conflict, forbidden } from '../errors.js';
import type { Db } from '../store/database.js';
import { schema } from '../../shared/schema.js';
import type { RevisionMeta } from './revisionStore.js';

interface Actor {
  paperId: string;
  pageId: string;
  actor: Pick<SessionUser, 'id' | 'name'>;
}

/**
 * Names the page as it is now: a new named revision, except that when nothing changed since the
 * newest revision and it is an automatic one, that revision gets the name (a restore keeps its
 * restorer, so it is not renamed).
 */
export async function nameRevision(db: Db, collab: CollabServer, { paperId, pageId, name, actor }: Actor & { name: string }): Promise<RevisionView> {
  const history = collab.history;
  const audit = (revision: RevisionMeta) =>
    recordAudit(db, { paperId, actor, action: 'page.revision_named', target: pageId, detail: { revision: revision.number, name } });
  const taken = await history.take(pageId, paperId, { kind: 'named', name, createdBy: actor.id, inTransaction: audit });
  if (taken) return history.store.view(taken);
  const latest = history.store.latest(pageId);
  if (latest && latest.kind === 'auto') {
    db.transaction(() => {
      history.store.rename(latest.id, name, actor.id);
      audit(latest);
    })();
    history.emitChanged(paperId, pageId);
    return history.store.view(history.store.byId(pageId, latest.id)!);
  }
  const forced = await history.take(pageId, paperId, { kind: 'named', name, createdBy: actor.id, force: true, inTransaction: audit });
  return history.store.view(forced!);
}

/**
 * Restores a revision as a new change to the live page, attributed to `actor`, and returns the
 * 'restore' revision that records it. Refused when the member may not change the page's text
 * (an approved page, for all but editors) and for a page in the trash.
 */
export async function restoreRevision(db: Db, collab: CollabServer, { paperId, pageId, revision, actor }: Actor & { revision: RevisionMeta }): Promise<RevisionView> {
  const access = pageAccess(db, pageId, actor.id);
  if (access?.deleted) throw conflict('This page is in the trash. Restore the page first, then one of its versions.');
  if (!access?.mayWrite) throw forbidden('This page is approved, so only an editor can change its text. Ask an editor to reopen it.');
  const history = collab.history;
  const target = schema.nodeFromJSON(await history.thread.doc(history.store.chain(pageId, revision.number)));
  // Whatever the page holds now stays in history.
  await history.take(pageId, paperId, { kind: 'auto' });
  await collab.changePage(pageId, paperId, actor.id, (doc) => {
    updateYFragment(doc, doc.getXmlFragment(FRAGMENT_NAME), target, { mapping: new Map(), isOMark: new Map() });
  });
  const audit = (made: RevisionMeta) =>
    recordAudit(db, { paperId, actor, action: 'page.revision_restored', target: pageId, detail: { restoredFrom: revision.number, revision: made.number } });
  const made = await history.take(pageId, paperId, { kind: 'restore', createdBy: actor.id, restoredFrom: revision.number, force: true, inTransaction: audit });
  return history.store.view(made!);
}
