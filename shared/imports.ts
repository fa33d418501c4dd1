/**
 * Import: bringing a Markdown, HTML or Word (DOCX) file into a paper as new pages. The file is
 * sent once and converted on the server into a preview (the whole file as one page, the same
 * split at its top-level headings, and a list of what could not be kept); nothing becomes a page
 * until the person confirms the preview. This module is the contract between client and server.
 *
 * Routes (under a paper, each needs page.create):
 * - POST   /api/papers/:paperId/imports?name=<file name>   body: the file's bytes -> ImportPreview
 * - POST   /api/papers/:paperId/imports/:importId          body: ConfirmImportBody -> ImportResult
 * - DELETE /api/papers/:paperId/imports/:importId          -> 204 (the preview is dropped)
 */
import { z } from 'zod';
import { limits } from './limits.js';
import { oneLine, pageId, type PageView } from './api.js';
import type { DocJSON } from './schema.js';

/** The formats Quire imports. */
export const IMPORT_FORMATS = ['markdown', 'html', 'docx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What the file chooser offers (the server still decides the format from the content). */
export const IMPORT_ACCEPT = '.md,.markdown,.txt,.html,.htm,.docx';

/** Each format's name as people say it. */
export const FORMAT_NAMES: Record<ImportFormat, string> = { markdown: 'Markdown', html: 'HTML', docx: 'Word (DOCX)' };

/** One kind of thing the import could not keep, how often it happened, and an example. */
export interface NotKeptLine {
  message: string;
  count: number;
  example?: string;
}

/** One page the split would make: its title (from the heading) and its body. */
export interface ImportSection {
  title: string;
  doc: DocJSON;
}

/** What the server shows before anything is created. */
export interface ImportPreview {
  importId: string;
  fileName: string;
  format: ImportFormat;
  /** The whole file as one page. */
  document: DocJSON;
  /** The file split at its top-level headings, in order. */
  pages: ImportSection[];
  notKept: NotKeptLine[];
  /** How many pictures were brought in. */
  pictures: number;
}

/** How to turn a preview into pages: one page, or one page for each top-level heading. */
export const confirmImportBody = z.object({
  mode: z.enum(['page', 'split'], { error: 'Choose "page" (one page) or "split" (a page for each top-level heading).' }),
  /** Where the new pages go: null for the top level (chapters), or a page to put them under. */
  parentId: pageId.nullable().default(null),
  /** The title of the one page (mode "page"); absent: the file name without its extension. */
  title: z
    .string()
    .overwrite(oneLine)
    .trim()
    .max(limits.pageTitleChars, `Page title must be at most ${limits.pageTitleChars} characters.`)
    .optional(),
});
export type ConfirmImportBody = z.input<typeof confirmImportBody>;

/** The pages an import created, in tree order (the first is the one to open). */
export interface ImportResult {
  pages: PageView[];
}

/** A file name without its folders, extension or control characters, as a page title ("Untitled import" if nothing is left). */
export function titleFromFileName(name: string): string {
  const base = oneLine(name.split(/[\\/]/).pop() ?? '').trim();
  const stem = base.replace(/\.[A-Za-z0-9]{1,8}$/, '').trim();
  return (stem || 'Untitled import').slice(0, limits.pageTitleChars);
}
