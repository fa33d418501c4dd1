/**
 * The release calls of one paper, as typed functions over client/api.ts's request (a failure is an
 * ApiRequestError with the server's sentence; code 'confidentiality' when the check stops a
 * release). Shapes are shared/releases.ts.
 */
import { request } from '../api.js';
import type { ReleaseCompareView, ReleaseDetailView, ReleasePageView, ReleaseView } from '../../shared/releases.js';
import type { RevisionView } from '../../shared/history.js';

const releasesPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}/releases`;

/** The calls of the Releases section for one paper. */
export function releasesApi(paperId: string) {
  const base = releasesPath(paperId);
  return {
    list: () => request<{ releases: ReleaseView[] }>('GET', base),
    freeze: (name: string, reason?: string) => request<{ release: ReleaseView }>('POST', base, reason ? { name, reason } : { name }),
    open: (releaseId: string) => request<ReleaseDetailView>('GET', `${base}/${encodeURIComponent(releaseId)}`),
    page: (releaseId: string, pageId: string) =>
      request<{ page: ReleasePageView; revision: RevisionView; doc: unknown }>('GET', `${base}/${encodeURIComponent(releaseId)}/pages/${encodeURIComponent(pageId)}`),
    compare: (from: string, to: string) => request<ReleaseCompareView>('GET', `${base}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  };
}

export type ReleasesApi = ReturnType<typeof releasesApi>;
