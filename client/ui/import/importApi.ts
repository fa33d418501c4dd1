/**
 * The import routes as typed calls. Sending the file uses XMLHttpRequest, the one browser API
 * that reports upload progress; its failures become the same ApiRequestError sentences as every
 * other call.
 */
import { ApiRequestError, request } from '../../api.js';
import type { ApiError } from '../../../shared/api.js';
import type { ConfirmImportBody, ImportPreview, ImportResult } from '../../../shared/imports.js';

const importsPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}/imports`;
const OFFLINE = 'Quire cannot be reached. Check your connection and choose the file again.';

/** Sends a file for conversion; `onProgress` hears the bytes sent so far. Resolves with the preview. */
export function uploadImport(paperId: string, file: File, onProgress: (sent: number, total: number) => void): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${importsPath(paperId)}?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener('error', () => reject(new ApiRequestError(OFFLINE, 0, 'network')));
    xhr.addEventListener('load', () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as ImportPreview);
      const error = (body as ApiError | undefined)?.error;
      reject(new ApiRequestError(error?.message ?? (xhr.status >= 500 ? OFFLINE : `The import failed (${xhr.status}).`), xhr.status, error?.code ?? 'http', error?.fields ?? {}));
    });
    xhr.send(file);
  });
}

/** The other import calls. */
export const importApi = {
  confirm: (paperId: string, importId: string, body: ConfirmImportBody) => request<ImportResult>('POST', `${importsPath(paperId)}/${encodeURIComponent(importId)}`, body),
  cancel: (paperId: string, importId: string) => request<void>('DELETE', `${importsPath(paperId)}/${encodeURIComponent(importId)}`),
};
