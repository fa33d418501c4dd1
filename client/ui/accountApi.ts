/**
 * The API calls of "Your account" and the audit trail, as typed functions. Failures become
 * ApiRequestError with the server's sentence, like client/api.ts; downloads are plain links
 * (absolute, so the in-app router leaves them to the browser).
 */
import { ApiRequestError } from '../api.js';
import type { ApiError, AuditPageView, ChangePasswordBody, DeleteAccountBody } from '../../shared/api.js';

/** The filters of the audit trail screen; empty strings mean "any". */
export interface AuditFilters {
  action: string;
  actor: string;
  from: string;
  to: string;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError('Quire cannot be reached. Check your connection and try again.', 0, 'network');
  }
  if (res.status === 204) return undefined as T;
  const parsed = (await res.json().catch(() => undefined)) as unknown;
  if (!res.ok) {
    const error = (parsed as ApiError | undefined)?.error;
    throw new ApiRequestError(error?.message ?? `The request failed (${res.status}).`, res.status, error?.code ?? 'http', error?.fields ?? {});
  }
  return parsed as T;
}

const auditPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}/audit`;

/** The query string of a set of filters (only those given), plus paging. */
export function auditSearch(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value.trim()) params.set(key, value.trim());
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The calls of the account and audit screens. */
export const accountApi = {
  changePassword: (body: ChangePasswordBody) => call<void>('POST', '/api/account/password', body),
  deleteAccount: (body: DeleteAccountBody) => call<void>('DELETE', '/api/account', body),
  auditPage: (paperId: string, filters: AuditFilters, before: number | null) =>
    call<AuditPageView>('GET', auditPath(paperId) + auditSearch(filters, before ? { before: String(before), limit: '50' } : { limit: '50' })),
};

/** The absolute address of the personal data download. */
export const exportHref = () => `${location.origin}/api/account/export`;

/** The absolute address of a paper's audit trail as CSV, with these filters. */
export const auditCsvHref = (paperId: string, filters: AuditFilters) => `${location.origin}${auditPath(paperId)}.csv${auditSearch(filters)}`;
