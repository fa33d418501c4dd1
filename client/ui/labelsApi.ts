/**
 * The API calls of labels and page status, as typed functions. Failures become ApiRequestError
 * with the server's sentence through client/api.ts's request.
 */
import { request } from '../api.js';
import type { PageStatus, PageView } from '../../shared/api.js';
import type { LabelView } from '../../shared/labels.js';

const paperPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}`;
const pagePath = (paperId: string, pageId: string) => `${paperPath(paperId)}/pages/${encodeURIComponent(pageId)}`;
const labelPath = (paperId: string, labelId: string) => `${paperPath(paperId)}/labels/${encodeURIComponent(labelId)}`;

export const labelsApi = {
  labels: (paperId: string) => request<{ labels: LabelView[] }>('GET', `${paperPath(paperId)}/labels`),
  addLabel: (paperId: string, pageId: string, name: string) => request<{ page: PageView; label: LabelView }>('POST', `${pagePath(paperId, pageId)}/labels`, { name }),
  removeLabel: (paperId: string, pageId: string, labelId: string) => request<{ page: PageView }>('DELETE', `${pagePath(paperId, pageId)}/labels/${encodeURIComponent(labelId)}`),
  renameLabel: (paperId: string, labelId: string, name: string) => request<{ label: LabelView }>('PATCH', labelPath(paperId, labelId), { name }),
  mergeLabel: (paperId: string, labelId: string, intoLabelId: string) => request<{ label: LabelView }>('POST', `${labelPath(paperId, labelId)}/merge`, { intoLabelId }),
  deleteLabel: (paperId: string, labelId: string) => request<void>('DELETE', labelPath(paperId, labelId)),
  setStatus: (paperId: string, pageId: string, status: PageStatus) => request<{ page: PageView }>('POST', `${pagePath(paperId, pageId)}/status`, { status }),
  askToReopen: (paperId: string, pageId: string) => request<{ page: PageView }>('POST', `${pagePath(paperId, pageId)}/reopen-request`),
};
