/**
 * Sending one file to the server: POST /api/papers/:paperId/pages/:pageId/files with the file's
 * bytes as the body (shared/files.ts), through client/sendFile.ts, which reports upload progress.
 * The size limits of shared/limits.ts are checked first, so a file that is too big is refused at
 * once, in the server's own words (shared/files.ts), without sending a byte.
 * Every failure becomes an ApiRequestError whose message is a sentence to show.
 */
import { ApiRequestError } from '../../api.js';
import { sendFile, UPLOAD_CANCELLED } from '../../sendFile.js';
import { tooLargeMessage, uploadLimit, type FilePurpose, type FileView } from '../../../shared/files.js';

const OFFLINE_MESSAGE = 'Quire cannot be reached. Check your connection and try again.';

/** Why a file may not be uploaded (empty, or over its limit), or null if it may. */
export function uploadRefusal(file: File, purpose: FilePurpose): string | null {
  if (file.size === 0) return 'This file is empty.';
  return file.size > uploadLimit(purpose) ? tooLargeMessage(purpose, file.size) : null;
}

export interface UploadOptions {
  paperId: string;
  pageId: string;
  file: File;
  purpose: FilePurpose;
  /** Called as bytes go out: how many of how many. */
  onProgress?(sent: number, total: number): void;
}

/** An upload under way: its result, and a way to stop it. */
export interface Upload {
  readonly done: Promise<FileView>;
  cancel(): void;
}

/** Starts uploading a file; refuses at once (a rejected `done`) when it breaks a size limit. */
export function uploadFile(options: UploadOptions): Upload {
  const { file, purpose } = options;
  const refusal = uploadRefusal(file, purpose);
  if (refusal) return { done: Promise.reject(new ApiRequestError(refusal, 413, 'too_large')), cancel: () => undefined };
  const query = new URLSearchParams({ name: file.name || 'file', purpose });
  const path = `/api/papers/${encodeURIComponent(options.paperId)}/pages/${encodeURIComponent(options.pageId)}/files?${query.toString()}`;
  const sending = sendFile(path, file, {
    onProgress: options.onProgress,
    offline: OFFLINE_MESSAGE,
    refused: (status) => (status === 413 ? tooLargeMessage(purpose, Math.max(file.size, uploadLimit(purpose) + 1)) : `The upload failed (${status}).`),
  });
  const done = sending.done.then((body) => {
    const view = (body as { file?: FileView } | undefined)?.file;
    if (view && typeof view.id === 'string' && typeof view.url === 'string') return view;
    throw new ApiRequestError('The server did not say where the file was stored. Please try again.', 200, 'http');
  });
  return { done, cancel: sending.cancel };
}

/** Whether an error is the person's own cancelling (not worth an error message). */
export function wasCancelled(err: unknown): boolean {
  return err instanceof ApiRequestError && err.code === UPLOAD_CANCELLED;
}
