/**
 * Builds the format-neutral ExportDocument (document.ts) from a source: the cover from the paper's
 * fields, the sections in tree order with their numbers, each page's text, and who wrote in each
 * chapter. Pages are read one at a time, giving the event loop back between them, reporting
 * progress and stopping as soon as the job is cancelled.
 *
 * Contributors come from page_clients, where the server records which member wrote with which Yjs
 * client on a page as it stores each update (server/history/attributionStore.ts). That includes
 * edits made since the last revision, and it names everyone who wrote, also people since removed
 * from the paper; an erased account shows as "Former member".
 */
import type { Db } from '../store/database.js';
import { orderedTree } from '../../shared/tree.js';
import { keyPoints, normaliseLines } from '../../shared/cover.js';
import type { ExportScope } from '../../shared/export.js';
import { notFound } from '../errors.js';
import type { PaperSource, SourcePage } from './source.js';
import type { ChapterContributors, ExportCover, ExportDocument, ExportSection } from './document.js';
import { imageSrcs, NO_IMAGES, type ImageResolver, type StoredImage } from './images.js';

/** The paper's own fields the cover shows. */
export interface PaperCoverFields {
  title: string;
  subtitle: string;
  organisation: string;
  coverDate: string | null;
  editedBy: string;
  summary: string;
  acknowledgements: string;
}

/** Told before each page is read and once at the end. */
export type AssemblyProgress = (done: number, of: number) => void;

/** What assembly needs besides the source. */
export interface AssemblyInput {
  db: Db;
  paper: PaperCoverFields;
  source: PaperSource;
  scope: ExportScope;
  signal?: AbortSignal;
  onProgress?: AssemblyProgress;
  /** Finds the stored pictures the pages place (none when absent). */
  images?: ImageResolver;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** True for the title of the references chapter. */
export function isReferencesTitle(title: string): boolean {
  return title.trim().toLowerCase() === 'references';
}

/** The pages of a subtree (the root first), by id. */
function subtreeIds(pages: readonly SourcePage[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of pages) {
      if (p.parentId !== null && ids.has(p.parentId) && !ids.has(p.id)) {
        ids.add(p.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** Every section of the paper in reading order, numbered, with the references chapter last; bodies left empty. */
export function outline(pages: readonly SourcePage[]): Omit<ExportSection, 'body'>[] {
  const refsRoot = pages.find((p) => p.parentId === null && isReferencesTitle(p.title));
  const refIds = refsRoot ? subtreeIds(pages, refsRoot.id) : new Set<string>();
  const numbered = orderedTree(pages.filter((p) => !refIds.has(p.id))).map(({ page, depth, number }) => ({
    pageId: page.id,
    number,
    title: page.title,
    depth,
    anchor: `s-${number.replace(/\./g, '-')}`,
    references: false,
  }));
  const refs = orderedTree(pages.filter((p) => refIds.has(p.id))).map(({ page, depth }, i) => ({
    pageId: page.id,
    number: null,
    title: page.title,
    depth,
    anchor: i === 0 ? 'references' : `references-${i}`,
    references: true,
  }));
  return [...numbered, ...refs];
}

/** The names of everyone who wrote in these pages, sorted; erased accounts once, as "Former member". */
export function writersOf(db: Db, pageIds: readonly string[]): string[] {
  if (pageIds.length === 0) return [];
  const rows = db
    .prepare(`SELECT DISTINCT u.id, u.name FROM page_clients pc JOIN users u ON u.id = pc.user_id WHERE pc.page_id IN (${pageIds.map(() => '?').join(', ')})`)
    .all(...pageIds) as { id: string; name: string }[];
  return [...new Set(rows.map((r) => r.name))].sort((a, b) => a.localeCompare(b));
}

/** The cover of an export. */
export function coverOf(paper: PaperCoverFields, edition: string, fallbackDate: string): ExportCover {
  return {
    title: paper.title,
    subtitle: paper.subtitle,
    organisation: paper.organisation,
    date: paper.coverDate ?? fallbackDate,
    editedBy: paper.editedBy,
    keyPoints: keyPoints(paper.summary),
    acknowledgements: normaliseLines(paper.acknowledgements)
      .split(/\n{2,}/)
      .map((p) => p.replace(/\n/g, ' ').trim())
      .filter((p) => p.length > 0),
    edition,
  };
}

/** The sections a scope covers, in order; 404 if the scope's chapter is not in the source. */
function scoped(all: Omit<ExportSection, 'body'>[], pages: readonly SourcePage[], scope: ExportScope): Omit<ExportSection, 'body'>[] {
  if (scope.kind === 'paper') return all;
  if (!pages.some((p) => p.id === scope.pageId)) throw notFound('That chapter is not in the paper (it may have been deleted).');
  const ids = subtreeIds(pages, scope.pageId);
  return all.filter((s) => ids.has(s.pageId));
}

/** Reads the source and builds the document; throws the signal's reason if cancelled. */
export async function assembleExport({ db, paper, source, scope, signal, onProgress, images: resolve = NO_IMAGES }: AssemblyInput): Promise<ExportDocument> {
  const pages = source.pages();
  const wanted = scoped(outline(pages), pages, scope);
  const sections: ExportSection[] = [];
  const images: Record<string, StoredImage> = {};
  const tried = new Set<string>();
  for (const [done, section] of wanted.entries()) {
    signal?.throwIfAborted();
    onProgress?.(done, wanted.length);
    await yieldToEventLoop();
    signal?.throwIfAborted();
    const body = await source.body(section.pageId);
    // Each picture is read once, however often it is placed.
    for (const src of imageSrcs(body)) {
      if (tried.has(src)) continue;
      tried.add(src);
      const image = resolve(src);
      if (image) images[src] = image;
    }
    sections.push({ ...section, body });
  }
  signal?.throwIfAborted();
  onProgress?.(wanted.length, wanted.length);

  // "By chapter": the top of the scope and each page at that depth, with the pages under it.
  const topDepth = Math.min(...sections.map((s) => s.depth));
  const contributors: ChapterContributors[] = sections
    .filter((s) => s.depth === topDepth)
    .map((chapter) => {
      const ids = subtreeIds(pages, chapter.pageId);
      return { number: chapter.number, title: chapter.title, anchor: chapter.anchor, names: writersOf(db, [...ids]) };
    });

  const where = scope.kind === 'paper' ? 'Whole paper' : `Chapter ${wanted[0]?.number ?? wanted[0]?.title ?? ''}`.trim();
  return { cover: coverOf(paper, `${where}, ${source.label}`, source.date), sections, contributors, images };
}
