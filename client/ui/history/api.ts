/**
 * The revision-history calls of one page, as typed functions over client/api.ts's request (so a
 * failure is an ApiRequestError carrying the server's sentence). Shapes are shared/history.ts.
 */
import { request } from '../../api.js';
import type { DiffView, RevisionDocView, RevisionView } from '../../../shared/history.js';

/** Which two versions show the page's latest change: the newest revision and the live page, or the newest two. */
export interface LatestChange {
  from: number;
  to: number | 'current';
}

/** The list of a page's revisions, newest first, with the pair that shows its latest change (null before any change). */
export interface RevisionList {
  revisions: RevisionView[];
  latestChange: LatestChange | null;
}

const revisionsPath = (paperId: string, pageId: string) => `/api/papers/${encodeURIComponent(paperId)}/pages/${encodeURIComponent(pageId)}/revisions`;
const diffPath = (paperId: string, pageId: string) => `/api/papers/${encodeURIComponent(paperId)}/pages/${encodeURIComponent(pageId)}/diff`;

/** The calls of the history panel for one page. */
export function historyApi(paperId: string, pageId: string) {
  const base = revisionsPath(paperId, pageId);
  return {
    list: () => request<RevisionList>('GET', base),
    name: (name: string) => request<{ revision: RevisionView }>('POST', base, { name }),
    open: (revisionId: number) => request<RevisionDocView>('GET', `${base}/${revisionId}`),
    diff: (from: number, to: number | 'current') => request<DiffView>('GET', `${diffPath(paperId, pageId)}?from=${from}&to=${to}`),
    restore: (revisionId: number) => request<{ revision: RevisionView }>('POST', `${base}/${revisionId}/restore`),
  };
}

export type HistoryApi = ReturnType<typeof historyApi>;
