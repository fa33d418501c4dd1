/**
 * The API calls of notifications and watching, as typed functions. Failures become
 * ApiRequestError with the server's sentence through client/api.ts's request.
 */
import { request } from '../api.js';
import type { NotificationListView, WatchView } from '../../shared/notifications.js';

const paperPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}`;

/** The calls of the notification bell and the watch toggles. */
export const notificationsApi = {
  list: (before: number | null, limit = 20) => request<NotificationListView>('GET', `/api/notifications?limit=${limit}${before ? `&before=${before}` : ''}`),
  read: (id: number) => request<{ unread: number }>('POST', `/api/notifications/${id}/read`),
  readAll: () => request<{ unread: number }>('POST', '/api/notifications/read-all'),
  watching: (paperId: string) => request<WatchView>('GET', `${paperPath(paperId)}/watch`),
  watchPaper: (paperId: string, watching: boolean) => request<WatchView>('PUT', `${paperPath(paperId)}/watch`, { watching }),
  watchPage: (paperId: string, pageId: string, watching: boolean) => request<WatchView>('PUT', `${paperPath(paperId)}/pages/${encodeURIComponent(pageId)}/watch`, { watching }),
};
