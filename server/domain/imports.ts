/**
 * Import rules: a file becomes a preview (converted in the import worker thread, then its pictures
 * stored here as files with no page yet), and only when the person who made it confirms does it become pages: one page, or one page
 * for each top-level heading, placed at the end of the chosen level (the top level, or under a
 * chosen page). The pages, their first text, their pictures' page and the audit entry are written
 * in one transaction, so a failed import creates nothing. Each body is checked against the schema
 * again before it becomes a page's first Yjs state.
 */
import type { Db } from '../store/database.js';
import type { BlobStore } from '../files/blobStore.js';
import type { PageView, PersonRef } from '../../shared/api.js';
import { schema, type DocJSON } from '../../shared/schema.js';
import { parseFileUrl } from '../../shared/files.js';
import { limits } from '../../shared/limits.js';
import { ancestry } from '../../shared/tree.js';
import { titleFromFileName, type ConfirmImportBody, type ImportPreview, type ImportSection } from '../../shared/imports.js';
import { conflict, notFound, tooLarge, badRequest } from '../errors.js';
import { attachFilesToPage, markFileDeleted } from '../store/files.js';
import { countPages, insertPage, pageNodes, pageView } from '../store/pages.js';
import { storeInitialState } from '../store/pageBodies.js';
import { initialPageState } from '../collab/initialState.js';
import type { ImportThread } from '../import/importThread.js';
import { storeHeldImport } from '../import/heldImport.js';
import { storedPictures } from '../import/importImages.js';
import { ImportSessions, IMPORT_PREVIEW_MS, type PendingImport } from '../import/importSessions.js';
import { releaseStaleImportPictures } from '../store/importPictures.js';
import { recordAudit } from './audit.js';

/** What anyone hears about a preview that is unknown, expired, cancelled or someone else's. */
export const PREVIEW_EXPIRED = 'This preview has expired; choose the file again.';

/** The waiting previews of one app; an unconfirmed preview's pictures are marked deleted when it is dropped. */
export function importSessions(db: Db): ImportSessions {
  return new ImportSessions((pending) => {
    for (const fileId of pending.fileIds) markFileDeleted(db, fileId, pending.userId);
  });
}

/** A file name as kept with an import: no folders, no control characters, at most fileNameChars. */
export function cleanFileName(raw: string): string {
  const base = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return (base || 'import').slice(0, limits.fileNameChars);
}

/**
 * Converts a file into a preview for `user` (in the worker) and returns the preview's answer as
 * JSON text (ImportPreview); its pictures are stored, nothing else is created. The document is
 * written into the answer as the worker's text, never walked here.
 */
export async function previewImport(
  deps: { db: Db; blobs: BlobStore; sessions: ImportSessions; importer: ImportThread },
  input: { paperId: string; user: PersonRef; name: string; bytes: Uint8Array },
): Promise<string> {
  const fileName = cleanFileName(input.name);
  // Pictures of previews lost to a restart are let go here (previews live in memory); twice a
  // preview's life, so a picture stored while its preview was being made is never let go too soon.
  releaseStaleImportPictures(deps.db, new Date(Date.now() - 2 * IMPORT_PREVIEW_MS).toISOString());
  // The bytes go to the worker (input.bytes is emptied); the pictures come back to be stored here.
  const held = await deps.importer.convert(input.bytes, fileName);
  const placed: string[] = [];
  const store = storedPictures({ db: deps.db, blobs: deps.blobs, paperId: input.paperId, userId: input.user.id });
  let converted;
  try {
    converted = storeHeldImport(held, {
      place(picture) {
        const stored = store.place(picture);
        placed.push(stored.fileId);
        return stored;
      },
    });
  } catch (err) {
    for (const fileId of placed) markFileDeleted(deps.db, fileId, input.user.id);
    throw err;
  }
  const pending = deps.sessions.add({ paperId: input.paperId, userId: input.user.id, fileName, converted });
  const preview: Omit<ImportPreview, 'document' | 'pages'> = { importId: pending.id, fileName, format: pending.format, notKept: pending.notKept, pictures: pending.fileIds.length };
  return `${JSON.stringify(preview).slice(0, -1)},"document":${pending.documentJson},"pages":${pending.pagesJson}}`;
}

/** A new page's title, body and first Yjs state, made (and checked) before the transaction opens. */
interface PlannedPage {
  title: string;
  state: Uint8Array;
  fileIds: string[];
}

/** The ids of the Quire files a document shows. */
function filesShown(doc: DocJSON): string[] {
  const ids: string[] = [];
  schema.nodeFromJSON(doc).descendants((node) => {
    if (node.type.name === 'image') {
      const file = parseFileUrl(node.attrs.src);
      if (file) ids.push(file.fileId);
    }
  });
  return ids;
}

function plan(pending: PendingImport, body: ConfirmImportBody): PlannedPage[] {
  const sections: ImportSection[] = body.mode === 'page' ? [{ title: body.title || titleFromFileName(pending.fileName), doc: JSON.parse(pending.documentJson) as DocJSON }] : (JSON.parse(pending.pagesJson) as ImportSection[]);
  if (sections.length > limits.importPages) {
    throw badRequest(`This file would make ${sections.length} pages; one import may make at most ${limits.importPages}. Import it as one page instead.`);
  }
  const mine = new Set(pending.fileIds);
  return sections.map(({ title, doc }) => {
    let state: Uint8Array;
    try {
      state = initialPageState(doc);
    } catch {
      throw badRequest(`The page "${title}" could not be made from this file. Choose the file again.`);
    }
    if (state.byteLength > limits.pageBytes) throw tooLarge(`The page "${title}" would be too large for one page. Import the file as a page for each top-level heading, or split it first.`);
    return { title, state, fileIds: filesShown(doc).filter((id) => mine.has(id)) };
  });
}

/** Makes the pages of a confirmed preview and returns them in order; only its maker may confirm it. */
export function confirmImport(db: Db, sessions: ImportSessions, input: { paperId: string; importId: string; actor: PersonRef; body: ConfirmImportBody }): PageView[] {
  const pending = sessions.get(input.importId, input.paperId, input.actor.id);
  if (!pending) throw notFound(PREVIEW_EXPIRED);
  const pages = plan(pending, input.body);
  const parentId = input.body.parentId ?? null;
  const created = db
    .transaction(() => {
      if (countPages(db, input.paperId) + pages.length > limits.pagesPerPaper) {
        throw conflict(`This import would take the paper past the most pages allowed (${limits.pagesPerPaper}, the trash included).`);
      }
      const nodes = pageNodes(db, input.paperId);
      const live = nodes.filter((n) => !n.deletedAt);
      let parentTitle = '';
      if (parentId !== null) {
        const parent = nodes.find((n) => n.id === parentId);
        if (!parent) throw notFound('The page to import under was not found in this paper.');
        if (parent.deletedAt) throw conflict('The page to import under is in the trash. Restore it first, or choose another place.');
        if (ancestry(live, parentId).length + 1 > limits.treeDepth) throw conflict(`Pages can be nested at most ${limits.treeDepth} levels deep. Choose a place higher up the tree.`);
        parentTitle = pageView(db, input.paperId, parentId)?.title ?? '';
      }
      const start = live.filter((n) => n.parentId === parentId).length;
      const ids = pages.map((page, i) => {
        const id = insertPage(db, { paperId: input.paperId, parentId, position: start + i, title: page.title, createdBy: input.actor.id });
        storeInitialState(db, id, page.state);
        attachFilesToPage(db, page.fileIds, id);
        return id;
      });
      recordAudit(db, {
        paperId: input.paperId,
        actor: input.actor,
        action: 'pages.imported',
        target: ids[0],
        detail: { fileName: pending.fileName, format: pending.format, mode: input.body.mode, pages: ids.length, titles: pages.map((p) => p.title).slice(0, 20), pictures: pending.fileIds.length, parentId, parentTitle },
      });
      return ids.map((id) => pageView(db, input.paperId, id)!);
    })
    .immediate();
  sessions.finish(pending.id);
  // Pictures no created page shows (none should be left, but a preview never leaves rows behind).
  const shown = new Set(pages.flatMap((p) => p.fileIds));
  for (const fileId of pending.fileIds) if (!shown.has(fileId)) markFileDeleted(db, fileId, input.actor.id);
  return created;
}

/** Drops a waiting preview (its pictures are released); unknown ones are already gone. */
export function cancelImport(sessions: ImportSessions, input: { paperId: string; importId: string; userId: string }): void {
  const pending = sessions.get(input.importId, input.paperId, input.userId);
  if (!pending) throw notFound(PREVIEW_EXPIRED);
  sessions.drop(pending.id);
}
