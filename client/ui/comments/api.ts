/**
 * The comment routes as typed calls for one page. Failures become ApiRequestError with the
 * server's sentence through client/api.ts's request.
 */
import { request } from '../../api.js';
import type { MemberView } from '../../../shared/api.js';
import type { CreateThreadBody, ThreadView } from '../../../shared/comments.js';

/** The comment calls of one page. */
export function commentsApi(paperId: string, pageId: string) {
  const paper = `/api/papers/${encodeURIComponent(paperId)}`;
  const base = `${paper}/pages/${encodeURIComponent(pageId)}/comments`;
  const thread = (threadId: string) => `${base}/${encodeURIComponent(threadId)}`;
  const message = (threadId: string, commentId: string) => `${thread(threadId)}/messages/${encodeURIComponent(commentId)}`;
  return {
    list: () => request<{ threads: ThreadView[] }>('GET', base),
    start: (body: CreateThreadBody) => request<{ thread: ThreadView }>('POST', base, body),
    reply: (threadId: string, text: string) => request<{ thread: ThreadView }>('POST', `${thread(threadId)}/replies`, { text }),
    edit: (threadId: string, commentId: string, text: string) => request<{ thread: ThreadView }>('PATCH', message(threadId, commentId), { text }),
    remove: (threadId: string, commentId: string) => request<void>('DELETE', message(threadId, commentId)),
    resolve: (threadId: string) => request<{ thread: ThreadView }>('POST', `${thread(threadId)}/resolve`),
    reopen: (threadId: string) => request<{ thread: ThreadView }>('POST', `${thread(threadId)}/reopen`),
    members: () => request<{ members: MemberView[] }>('GET', `${paper}/members`),
  };
}

export type CommentsApi = ReturnType<typeof commentsApi>;
