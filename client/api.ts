/**
 * The HTTP API as typed functions. Every failure becomes an ApiRequestError whose message is the
 * server's sentence (or a sentence about the network), ready to show to a person.
 */
import type { ApiError, MemberView, PageView, PaperView, UserView, CreatePaperBody, CreatePageBody, MovePageBody } from '../shared/api.js';
import type { Role } from '../shared/roles.js';
import type { AcceptedInvitation, CreatedInvitation, CreateInvitationBody, InvitationPreview, InvitationView } from '../shared/invitations.js';
import { noteApiGet } from './offline.js';

/** An API call that failed; `message` is meant for people, `status` 0 means the network failed. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

const OFFLINE_MESSAGE = 'Quire cannot be reached. Check your connection and try again.';

/** Sends one JSON request; a failure becomes ApiRequestError carrying the server's sentence. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  if (method === 'GET') noteApiGet(path);
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(OFFLINE_MESSAGE, 0, 'network');
  }
  if (res.status === 204) return undefined as T;
  let parsed: unknown;
  try {
    parsed = await res.json();
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const error = (parsed as ApiError | undefined)?.error;
    const fallback = res.status >= 500 || res.status === 0 ? OFFLINE_MESSAGE : `The request failed (${res.status}).`;
    throw new ApiRequestError(error?.message ?? fallback, res.status, error?.code ?? 'http', error?.fields ?? {});
  }
  return parsed as T;
}

const paperPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}`;
const pagePath = (paperId: string, pageId: string) => `${paperPath(paperId)}/pages/${encodeURIComponent(pageId)}`;

/** The calls the client makes, one per route. */
export const api = {
  me: () => request<{ user: UserView }>('GET', '/api/me'),
  signUp: (body: { name: string; email: string; password: string }) => request<{ user: UserView }>('POST', '/api/auth/signup', body),
  signIn: (body: { email: string; password: string }) => request<{ user: UserView }>('POST', '/api/auth/signin', body),
  signOut: () => request<void>('POST', '/api/auth/signout'),

  papers: () => request<{ papers: PaperView[] }>('GET', '/api/papers'),
  createPaper: (body: CreatePaperBody) => request<{ paper: PaperView }>('POST', '/api/papers', body),
  paper: (paperId: string) => request<{ paper: PaperView }>('GET', paperPath(paperId)),
  updatePaper: (paperId: string, body: { title?: string; subtitle?: string; description?: string; readersMayExport?: boolean }) => request<{ paper: PaperView }>('PATCH', paperPath(paperId), body),

  members: (paperId: string) => request<{ members: MemberView[] }>('GET', `${paperPath(paperId)}/members`),
  addMember: (paperId: string, body: { email: string; role: Role }) => request<{ member: MemberView }>('POST', `${paperPath(paperId)}/members`, body),
  changeMember: (paperId: string, userId: string, role: Role) => request<{ member: MemberView }>('PATCH', `${paperPath(paperId)}/members/${encodeURIComponent(userId)}`, { role }),
  removeMember: (paperId: string, userId: string) => request<void>('DELETE', `${paperPath(paperId)}/members/${encodeURIComponent(userId)}`),

  invitations: (paperId: string) => request<{ invitations: InvitationView[] }>('GET', `${paperPath(paperId)}/invitations`),
  createInvitation: (paperId: string, body: CreateInvitationBody) => request<CreatedInvitation>('POST', `${paperPath(paperId)}/invitations`, body),
  revokeInvitation: (paperId: string, invitationId: string) => request<void>('DELETE', `${paperPath(paperId)}/invitations/${encodeURIComponent(invitationId)}`),
  previewInvitation: (token: string) => request<{ invitation: InvitationPreview }>('GET', `/api/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string) => request<AcceptedInvitation>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`),

  pages: (paperId: string) => request<{ pages: PageView[] }>('GET', `${paperPath(paperId)}/pages`),
  trash: (paperId: string) => request<{ pages: PageView[] }>('GET', `${paperPath(paperId)}/trash`),
  page: (paperId: string, pageId: string) => request<{ page: PageView }>('GET', pagePath(paperId, pageId)),
  createPage: (paperId: string, body: CreatePageBody) => request<{ page: PageView }>('POST', `${paperPath(paperId)}/pages`, body),
  renamePage: (paperId: string, pageId: string, title: string) => request<{ page: PageView }>('PATCH', pagePath(paperId, pageId), { title }),
  movePage: (paperId: string, pageId: string, body: MovePageBody) => request<{ pages: PageView[] }>('POST', `${pagePath(paperId, pageId)}/move`, body),
  deletePage: (paperId: string, pageId: string) => request<{ pages: PageView[] }>('DELETE', pagePath(paperId, pageId)),
  restorePage: (paperId: string, pageId: string) => request<{ pages: PageView[] }>('POST', `${pagePath(paperId, pageId)}/restore`),
};
