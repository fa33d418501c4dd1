/**
 * Sending a file's bytes to an API route with upload progress (an attachment, a picture, a file to
 * import). It uses XMLHttpRequest, the one browser API that reports upload progress. The body is
 * always plain bytes: the server reads the type from the content, and never parses a file as JSON.
 * Every failure becomes an ApiRequestError whose message is a sentence to show, as for every other call.
 */
import { ApiRequestError } from './api.js';
import type { ApiError } from '../shared/api.js';

/** The code of the ApiRequestError a cancelled sending rejects with. */
export const UPLOAD_CANCELLED = 'cancelled';

export interface SendFileOptions {
  /** Called as bytes go out: how many of how many. */
  onProgress?(sent: number, total: number): void;
  /** The sentence when the server cannot be reached, or fails without saying why. */
  offline: string;
  /** The sentence for a refusal the server did not word itself, by status. */
  refused(status: number): string;
}

/** A file being sent: the server's answer (its parsed JSON, undefined if none), and a way to stop. */
export interface Sending {
  readonly done: Promise<unknown>;
  cancel(): void;
}

/** POSTs a file's bytes to `path`. */
export function sendFile(path: string, file: File, options: SendFileOptions): Sending {
  const xhr = new XMLHttpRequest();
  const done = new Promise<unknown>((resolve, reject) => {
    xhr.upload.addEventListener('progress', (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener('load', () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const error = (body as ApiError | undefined)?.error;
      reject(new ApiRequestError(error?.message ?? (xhr.status >= 500 ? options.offline : options.refused(xhr.status)), xhr.status, error?.code ?? 'http', error?.fields ?? {}));
    });
    xhr.addEventListener('error', () => reject(new ApiRequestError(options.offline, 0, 'network')));
    xhr.addEventListener('abort', () => reject(new ApiRequestError('The upload was cancelled.', 0, UPLOAD_CANCELLED)));
  });
  xhr.open('POST', path);
  xhr.setRequestHeader('accept', 'application/json');
  xhr.setRequestHeader('content-type', 'application/octet-stream');
  xhr.send(file);
  return { done, cancel: () => xhr.abort() };
}
