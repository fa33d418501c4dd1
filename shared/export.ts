/**
 * Exporting a paper: the formats Quire writes, the request that starts an export job and the job
 * as the API shows it. An export is a job because a long paper takes time: the server answers 202
 * with the job's id, reports progress to the requester's own sockets ('export:progress') and keeps
 * the finished file for a while for GET .../exports/:jobId/download.
 *
 * The formats are HTML, Markdown, DOCX and PDF; a new one is an entry in EXPORT_FORMATS and a writer
 * (server/export/writers.ts), and the request, job and client need no other change.
 */
import { z } from 'zod';

/** The formats an export can be written in, in the order the dialog offers them. */
export const EXPORT_FORMATS = ['html', 'markdown', 'docx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What people see and what the downloaded file is called, for each format. */
export const FORMAT_INFO: Readonly<Record<ExportFormat, { label: string; hint: string; extension: string; contentType: string }>> = {
  html: { label: 'Web page (HTML)', hint: 'One file with everything in it; prints well.', extension: 'html', contentType: 'text/html; charset=utf-8' },
  markdown: { label: 'Markdown', hint: 'Plain text with tables (CommonMark).', extension: 'md', contentType: 'text/markdown; charset=utf-8' },
  docx: {
    label: 'Word document (DOCX)',
    hint: 'Opens in Word or LibreOffice, with heading styles and a contents list.',
    extension: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  pdf: { label: 'PDF', hint: 'Ready to print or share: numbered pages, a contents list and bookmarks.', extension: 'pdf', contentType: 'application/pdf' },
};

/** How long a finished export can be downloaded, and how long any job is remembered. */
export const EXPORT_KEPT_MS = 10 * 60 * 1000;

const id = (what: string) => z.string({ error: `Give the ${what}.` }).trim().min(1, `Give the ${what}.`).max(100, `That is not a ${what}.`);

/** The whole paper, or one chapter (a page with the pages under it). */
export const exportScope = z.discriminatedUnion('kind', [z.object({ kind: z.literal('paper') }), z.object({ kind: z.literal('chapter'), pageId: id('chapter id') })], {
  error: 'Choose the whole paper or one chapter.',
});
export type ExportScope = z.infer<typeof exportScope>;

/** The paper as it is now, or a release's frozen text. */
export const exportSource = z.discriminatedUnion('kind', [z.object({ kind: z.literal('live') }), z.object({ kind: z.literal('release'), releaseId: id('release id') })], {
  error: 'Choose the live paper or a release.',
});
export type ExportSource = z.infer<typeof exportSource>;

/** POST /papers/:paperId/exports */
export const startExportBody = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `Choose a format: ${EXPORT_FORMATS.slice(0, -1).join(', ')} or ${EXPORT_FORMATS[EXPORT_FORMATS.length - 1]}.` }),
  scope: exportScope.default({ kind: 'paper' }),
  source: exportSource.default({ kind: 'live' }),
});
export type StartExportBody = z.infer<typeof startExportBody>;

export type ExportStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** One export job, as its requester sees it (no one else can). */
export interface ExportJobView {
  jobId: string;
  paperId: string;
  format: ExportFormat;
  scope: ExportScope;
  source: ExportSource;
  status: ExportStatus;
  /** Pages read so far, of how many. */
  done: number;
  of: number;
  /** The downloaded file's name, once done. */
  fileName: string | null;
  /** Why it failed, in a sentence. */
  error: string | null;
}

/** 202 from POST /papers/:paperId/exports. */
export interface StartExportResult {
  jobId: string;
  job: ExportJobView;
}

/** The progress of one export job (sent to its requester's own sockets). */
export interface ExportProgress {
  paperId: string;
  jobId: string;
  status: ExportStatus;
  done: number;
  of: number;
}

/** A file name of letters, digits and dashes from a title ("Discharge planning: 2026" -> "discharge-planning-2026"). */
export function fileSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'paper';
}
