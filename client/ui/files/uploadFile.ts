/**
 * Sending one file to the server: POST /api/papers/:paperId/pages/:pageId/files with the file's
 * bytes as the body (shared/files.ts). It uses XMLHttpRequest rather than fetch because only XHR
 * reports upload progress. The size limits of shared/limits.ts are checked first, so a file that
 * is too big is refused at once, in the server's own words (shared/files.ts), without sending a byte.
 * Every failure becomes an ApiRequestError whose message is a sentence to show.
 */
import { ApiRequestError } from '../../api.js';
import { tooLargeMessage, uploadLimit, type FilePurpose, type FileView } from '../../../shared/files.js';

const OFFLINE_MESSAGE = 'Quire cannot be reached. Check your connection and try again.';

/** Thrown (as an ApiRequestError with this code) when the person cancels an upload. */
export const UPLOAD_CANCELLED = 'cancelled';

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

/** The sentence in a server error body, or one made from the status. */
function failureMessage(xhr: XMLHttpRequest, file: File, purpose: FilePurpose): ApiRequestError {
  let body: { error?: { message?: string; code?: string } } | undefined;
  try {
    body = JSON.parse(xhr.responseText) as typeof body;
  } catch {
    body = undefined;
  }
  const message = body?.error?.message;
  if (message) return new ApiRequestError(message, xhr.status, body?.error?.code ?? 'http');
  if (xhr.status === 413) return new ApiRequestError(tooLargeMessage(purpose, Math.max(file.size, uploadLimit(purpose) + 1)), 413, 'too_large');
  if (xhr.status >= 500) return new ApiRequestError(OFFLINE_MESSAGE, xhr.status, 'http');
  return new ApiRequestError(`The upload failed (${xhr.status}).`, xhr.status, 'http');
}

/** Starts uploading a file; refuses at once (a rejected `done`) when it breaks a size limit. */
export function uploadFile(options: UploadOptions): Upload {
  const { file, purpose } = options;
  const refusal = uploadRefusal(file, purpose);
  if (refusal) return { done: Promise.reject(new ApiRequestError(refusal, 413, 'too_large')), cancel: () => undefined };

  const xhr = new XMLHttpRequest();
  const query = new URLSearchParams({ name: file.name || 'file', purpose });
  const path = `/api/papers/${encodeURIComponent(options.paperId)}/pages/${encodeURIComponent(options.pageId)}/files?${query.toString()}`;
  const done = new Promise<FileView>((resolve, reject) => {
    xhr.upload.addEventListener('progress', (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          const view = (JSON.parse(xhr.responseText) as { file?: FileView }).file;
          if (view && typeof view.id === 'string' && typeof view.url === 'string') return resolve(view);
        } catch {
          // Fall through to the sentence below.
        }
        return reject(new ApiRequestError('The server did not say where the file was stored. Please try again.', xhr.status, 'http'));
      }
      reject(failureMessage(xhr, file, purpose));
    });
    xhr.addEventListener('error', () => reject(new ApiRequestError(OFFLINE_MESSAGE, 0, 'network')));
    xhr.addEventListener('abort', () => reject(new ApiRequestError('The upload was cancelled.', 0, UPLOAD_CANCELLED)));
  });
  xhr.open('POST', path);
  xhr.setRequestHeader('accept', 'application/json');
  // The server reads the type from the content, so the body is always plain bytes (and never parsed as JSON).
  xhr.setRequestHeader('content-type', 'application/octet-stream');
  xhr.send(file);
  return { done, cancel: () => xhr.abort() };
}

/** Whether an error is the person's own cancelling (not worth an error message). */
export function wasCancelled(err: unknown): boolean {
  return err instanceof ApiRequestError && err.code === UPLOAD_CANCELLED;
}
