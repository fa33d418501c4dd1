/**
 * The API calls of the editor's dashboard and chapter assignment, as typed functions. Failures
 * become ApiRequestError with the server's sentence through client/api.ts's request.
 */
import { request } from '../api.js';
import type { PageView } from '../../shared/api.js';
import type { DashboardView } from '../../shared/dashboard.js';

const paperPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}`;

export const dashboardApi = {
  dashboard: (paperId: string) => request<DashboardView>('GET', `${paperPath(paperId)}/dashboard`),
  assign: (paperId: string, pageId: string, userIds: string[]) => request<{ page: PageView }>('PUT', `${paperPath(paperId)}/pages/${encodeURIComponent(pageId)}/assignees`, { userIds }),
};
