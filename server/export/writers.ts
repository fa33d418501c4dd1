/**
 * One writer per export format, each turning an ExportDocument into the file's bytes. A new format
 * slots in here (and in EXPORT_FORMATS, shared/export.ts) without touching assembly or jobs.
 */
import type { ExportFormat } from '../../shared/export.js';
import type { ExportDocument } from './document.js';
import { writeHtml } from './html.js';
import { writeMarkdown } from './markdown.js';
import { writePdf } from './pdf.js';
import { writeDocx } from './docx.js';

/** Writes a document in one format; may be async for writers that stream or yield. */
export type ExportWriter = (doc: ExportDocument, signal?: AbortSignal) => string | Uint8Array | Promise<string | Uint8Array>;

/** The writer of each format. */
export const WRITERS: Readonly<Record<ExportFormat, ExportWriter>> = {
  html: writeHtml,
  markdown: writeMarkdown,
  docx: writeDocx,
  pdf: writePdf,
};
