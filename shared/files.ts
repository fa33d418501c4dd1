/**
 * Files in a paper: pictures placed in a page and attachments listed on a page's Attachments tab.
 * The bytes live once in a content-addressed store (by SHA-256) under the data folder; each upload
 * is a row naming its paper, page, name, uploader and the type detected from its content (never
 * the name or the browser's claim). This module is the contract between client and server.
 *
 * Routes (all under a paper, each checked against the role matrix):
 * - POST   /api/papers/:paperId/pages/:pageId/files?name=<file name>&purpose=image|attachment
 *          body: the file's bytes (any Content-Type); 201 with { file: FileView }.
 *          413 over the size limit, 415 when purpose=image and the content is not a placeable image.
 * - GET    /api/papers/:paperId/pages/:pageId/files  -> { files: FileView[] } (attachments, newest first)
 * - GET    /api/papers/:paperId/files/:fileId        -> the bytes (inline only for placeable images)
 * - DELETE /api/papers/:paperId/files/:fileId        -> 204 (removes an attachment from its page)
 */
import { z } from 'zod';
import type { PersonRef } from './api.js';
import { limits } from './limits.js';

/** What an upload is for: a picture placed in the page, or a file listed on its Attachments tab. */
export type FilePurpose = 'image' | 'attachment';

/** One uploaded file as a member sees it. */
export interface FileView {
  id: string;
  paperId: string;
  pageId: string;
  /** The name it was uploaded with, cleaned (no folders, no control characters). */
  name: string;
  /** Size in bytes. */
  size: number;
  /** The type detected from the content (e.g. image/png, application/pdf, application/octet-stream). */
  contentType: string;
  purpose: FilePurpose;
  /** Pixel size, for images whose header was read; null otherwise. */
  width: number | null;
  height: number | null;
  uploadedBy: PersonRef | null;
  uploadedAt: string;
  /** Where to fetch it: fileUrl(paperId, id). */
  url: string;
}

/** The query of an upload: what the file is for, and the name it had on the person's computer (cleaned by the server). */
export const uploadFileQuery = z.object({
  purpose: z.enum(['image', 'attachment'], { error: 'Say what the file is for: purpose=image (a picture placed in the page) or purpose=attachment.' }),
  name: z.string({ error: 'Give the file’s name once, as name=.' }).optional(),
});

/**
 * Image types that may be placed in a page: those every export (HTML, Markdown, PDF, DOCX) can
 * embed. Other pictures (GIF, WebP, SVG ...) can still be uploaded as attachments.
 */
export const PLACEABLE_IMAGE_TYPES = ['image/png', 'image/jpeg'] as const;

/** Types served inline (shown by the browser); every other file is served as a download. */
export const INLINE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** The URL of a stored file: the `src` an image node holds. */
export function fileUrl(paperId: string, fileId: string): string {
  return `/api/papers/${encodeURIComponent(paperId)}/files/${encodeURIComponent(fileId)}`;
}

/** The paper and file a Quire file URL names, or null for any other URL. */
export function parseFileUrl(src: unknown): { paperId: string; fileId: string } | null {
  if (typeof src !== 'string') return null;
  const match = /^\/api\/papers\/([A-Za-z0-9_-]{1,64})\/files\/([A-Za-z0-9_-]{1,64})$/.exec(src);
  return match ? { paperId: match[1], fileId: match[2] } : null;
}

const KB = 1024;
const MB = 1024 * 1024;

/** The largest upload accepted for a purpose, in bytes. */
export function uploadLimit(purpose: FilePurpose): number {
  return purpose === 'image' ? limits.imageBytes : limits.fileBytes;
}

/**
 * Megabytes as people read them (1 MB = 1,048,576 bytes, as Windows shows sizes), to one decimal
 * and without ".0"; `over` rounds up, so a file just over a limit never reads as the limit.
 */
export function megabytes(bytes: number, over = false): string {
  const tenths = (over ? Math.ceil : Math.round)((bytes / MB) * 10) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)} MB`;
}

/** A byte count as people read it: "940 bytes", "12.3 kB", "4.5 MB", "25 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < KB) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < MB) return `${(Math.round((bytes / KB) * 10) / 10).toFixed(1)} kB`;
  return megabytes(bytes);
}

/**
 * The sentence for an upload over its limit, the same from the server and from the browser
 * (which refuses before sending); `size` is null when the body was cut off before its end.
 */
export function tooLargeMessage(purpose: FilePurpose, size: number | null): string {
  const limit = megabytes(uploadLimit(purpose));
  const what = purpose === 'image' ? 'That picture' : 'That file';
  const shown = size === null ? null : megabytes(size, Math.round((size / MB) * 10) / 10 <= uploadLimit(purpose) / MB);
  const is = shown === null ? `is larger than ${limit}` : `is ${shown}`;
  const rule = purpose === 'image' ? `Pictures placed in a page can be at most ${limit}.` : `Files can be at most ${limit}.`;
  return `${what} ${is}. ${rule}`;
}
