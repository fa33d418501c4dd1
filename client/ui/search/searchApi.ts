/**
 * The search routes as typed calls. A search can be cancelled (each keystroke supersedes the
 * last), so it takes an AbortSignal; failures become ApiRequestError with a sentence to show.
 */
import { ApiRequestError, request } from '../../api.js';
import type { ApiError } from '../../../shared/api.js';
import type { SearchFilters, SearchResponse } from '../../../shared/search.js';

/** What one search asks for; empty strings mean "any". */
export interface SearchParams {
  q: string;
  paperId: string;
  label: string;
  status: string;
  authorId: string;
}

/** GET /api/search; rejects with an AbortError when cancelled. */
export async function searchPages(params: SearchParams, signal: AbortSignal): Promise<SearchResponse> {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== ''));
  let res: Response;
  try {
    res = await fetch(`/api/search?${query}`, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new ApiRequestError('Quire cannot be reached. Check your connection and try again.', 0, 'network');
  }
  const body = (await res.json().catch(() => undefined)) as SearchResponse | ApiError | undefined;
  if (!res.ok) {
    const error = (body as ApiError | undefined)?.error;
    throw new ApiRequestError(error?.message ?? `The search failed (${res.status}).`, res.status, error?.code ?? 'http');
  }
  return body as SearchResponse;
}

/** GET /api/search/filters: the papers, labels and authors to offer (labels and authors within one paper if given). */
export function searchFilters(paperId: string): Promise<SearchFilters> {
  return request<SearchFilters>('GET', `/api/search/filters${paperId ? `?paperId=${encodeURIComponent(paperId)}` : ''}`);
}
