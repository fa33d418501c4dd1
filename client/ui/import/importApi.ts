/**
 * The import routes as typed calls. The file goes through client/sendFile.ts, which reports
 * upload progress; its failures become the same ApiRequestError sentences as every other call.
 */
import { request } from '../../api.js';
import { sendFile } from '../../sendFile.js';
import type { ConfirmImportBody, ImportPreview, ImportResult } from '../../../shared/imports.js';

const importsPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}/imports`;
const OFFLINE = 'Quire cannot be reached. Check your connection and choose the file again.';

/** Sends a file for conversion; `onProgress` hears the bytes sent so far. Resolves with the preview. */
export function uploadImport(paperId: string, file: File, onProgress: (sent: number, total: number) => void): Promise<ImportPreview> {
  const path = `${importsPath(paperId)}?name=${encodeURIComponent(file.name)}`;
  return sendFile(path, file, { onProgress, offline: OFFLINE, refused: (status) => `The import failed (${status}).` }).done as Promise<ImportPreview>;
}

/** The other import calls. */
export const importApi = {
  confirm: (paperId: string, importId: string, body: ConfirmImportBody) => request<ImportResult>('POST', `${importsPath(paperId)}/${encodeURIComponent(importId)}`, body),
  cancel: (paperId: string, importId: string) => request<void>('DELETE', `${importsPath(paperId)}/${encodeURIComponent(importId)}`),
};
