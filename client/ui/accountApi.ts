/**
 * The API calls of "Your account" and the audit trail, as typed functions. Failures become
 * ApiRequestError with the server's sentence through client/api.ts's request; downloads are plain links
 * (absolute, so the in-app router leaves them to the browser).
 */
import { request } from '../api.js';
import type { AuditPageView, ChangePasswordBody, DeleteAccountBody } from '../../shared/api.js';

/** The filters of the audit trail screen; empty strings mean "any". */
export interface AuditFilters {
  action: string;
  actor: string;
  from: string;
  to: string;
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
  changePassword: (body: ChangePasswordBody) => request<void>('POST', '/api/account/password', body),
  deleteAccount: (body: DeleteAccountBody) => request<void>('DELETE', '/api/account', body),
  auditPage: (paperId: string, filters: AuditFilters, before: number | null) =>
    request<AuditPageView>('GET', auditPath(paperId) + auditSearch(filters, before ? { before: String(before), limit: '50' } : { limit: '50' })),
};

/** The absolute address of the personal data download. */
export const exportHref = () => `${location.origin}/api/account/export`;

/** The absolute address of a paper's audit trail as CSV, with these filters. */
export const auditCsvHref = (paperId: string, filters: AuditFilters) => `${location.origin}${auditPath(paperId)}.csv${auditSearch(filters)}`;
