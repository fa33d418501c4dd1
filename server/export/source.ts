/**
 * Where an export's text comes from. The live paper reads each page as it is now (the open room's
 * document, or the stored one) through collab.currentState; a release reads the revision it
 * pinned for each page (server/domain/releases.ts), in the tree it froze, with its titles. Assembly asks a source for the page tree and one page body at a time, so
 * it can report progress and stop between pages.
 */
import type { Db } from '../store/database.js';
import type { CollabServer } from '../collab/server.js';
import type { DocJSON } from '../../shared/schema.js';
import type { ExportSource } from '../../shared/export.js';
import { livePageViews } from '../store/pages.js';
import { docJson } from '../history/diff/index.js';
import { notFound } from '../errors.js';
import { frozenPageDoc, releaseOf } from '../domain/releases.js';

/** A page as the tree rules and the contents need it. */
export interface SourcePage {
  id: string;
  parentId: string | null;
  position: number;
  title: string;
}

/** Text to export: a page tree and each page's body. */
export interface PaperSource {
  /** In words, for the cover: "live text", "release v1.0". */
  label: string;
  /** The day this text stands for (YYYY-MM-DD): today for live text, the release's day for a release. */
  date: string;
  pages(): SourcePage[];
  body(pageId: string): Promise<DocJSON>;
}

/** The paper as it is now. */
export function liveSource(db: Db, collab: CollabServer, paperId: string, today: string): PaperSource {
  return {
    label: 'live text',
    date: today,
    pages: () => livePageViews(db, paperId).map(({ id, parentId, position, title }) => ({ id, parentId, position, title })),
    body: async (pageId) => docJson(await collab.currentState(pageId)) as DocJSON,
  };
}

/** A release of the paper, exactly as it froze it; 404 if the paper has no such release. */
export function releaseSource(db: Db, collab: CollabServer, paperId: string, releaseId: string): PaperSource {
  const { release, pages } = releaseOf(db, paperId, releaseId);
  return {
    label: `release ${release.name}`,
    date: release.createdAt.slice(0, 10),
    pages: () => pages.map(({ pageId, parentId, position, title }) => ({ id: pageId, parentId, position, title })),
    body: async (pageId) => {
      const frozen = await frozenPageDoc(db, collab, releaseId, pageId);
      if (!frozen) throw notFound(`The release's text of "${pages.find((p) => p.pageId === pageId)?.title ?? pageId}" is no longer stored.`);
      return frozen.doc as DocJSON;
    },
  };
}

/** The source an export request names; 404 for a release the paper does not have. */
export function sourceFor(db: Db, collab: CollabServer, paperId: string, source: ExportSource, today: string): PaperSource {
  return source.kind === 'live' ? liveSource(db, collab, paperId, today) : releaseSource(db, collab, paperId, source.releaseId);
}
