/** The file routes a page's attachments list uses (shared/files.ts); uploads go through uploadFile.ts. */
import { request } from '../../api.js';
import type { FileView } from '../../../shared/files.js';

/** The calls for one page's files. */
export function filesApi(paperId: string, pageId: string) {
  const paper = `/api/papers/${encodeURIComponent(paperId)}`;
  return {
    /** The page's attachments, newest first. */
    list: () => request<{ files: FileView[] }>('GET', `${paper}/pages/${encodeURIComponent(pageId)}/files`),
    /** Removes an attachment from the page. */
    remove: (fileId: string) => request<void>('DELETE', `${paper}/files/${encodeURIComponent(fileId)}`),
  };
}

export type FilesApi = ReturnType<typeof filesApi>;
